// @vitest-environment jsdom
// Handshake card and connections list on real decoded captures. Expected values come from the
// fixtures' intent.json (the generating program's ground truth) and RFC 6455 §1.3.

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readHar } from '../../../src/decoder/index.js';
import { ConnectionsList } from '../../../src/renderer/views/ConnectionsList.js';
import { HandshakeCard } from '../../../src/renderer/views/HandshakeCard.js';
import { decodeFixture } from '../decoded.js';

afterEach(cleanup);

describe('RFC 6455 §4.2.2 accept check, step by step', () => {
  it('shows every step and a valid verdict for a good handshake', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const conn = data.firstInteresting()!;
    render(<HandshakeCard connection={conn} closes={data.messagesOfType(conn.id, 'close')} />);
    const check = screen.getByTestId('accept-check');
    // the GUID every implementation appends (RFC 6455 §1.3)
    expect(check.textContent).toContain('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    expect(check.textContent).toContain('SHA-1');
    expect(screen.getByTestId('accept-verdict').className).toContain('ok');
    expect(screen.getByTestId('accept-verdict').textContent).toMatch(/^✓ valid/);
    // the raw request as on the wire, CRLFs made visible (intent: path /echo)
    expect(screen.getByText(/GET \/echo HTTP\/1\.1/)).toBeTruthy();
    expect(screen.getAllByText('\\r\\n').length).toBeGreaterThan(4);
    expect(screen.getByText('101 Switching Protocols')).toBeTruthy();
    // lifecycle with readyState numbers, and the close (intent: 1000 'normal bye')
    expect(screen.getByText('1 OPEN')).toBeTruthy();
    expect(screen.getAllByText(/Normal Closure/).length).toBe(2);
  });

  it('marks where a wrong Sec-WebSocket-Accept differs', async () => {
    const { data } = await decodeFixture('07a_neg_wrong_accept_lib_client.pcap');
    const conn = data.firstInteresting()!;
    const { container } = render(<HandshakeCard connection={conn} />);
    expect(screen.getByTestId('accept-verdict').className).toContain('bad');
    expect(screen.getByTestId('accept-verdict').textContent).toMatch(/^✗ invalid/);
    expect(container.querySelectorAll('.diff').length).toBeGreaterThan(0);
  });
});

describe('connections list', () => {
  it('shows rejected upgrades with their status (401 and 426)', async () => {
    const { data } = await decodeFixture('07c_neg_rejected_401_426.pcap');
    render(<ConnectionsList connections={data.connectionList()} selectedId={null} onSelect={() => {}} />);
    expect(screen.getByText('rejected 401')).toBeTruthy();
    expect(screen.getByText('rejected 426')).toBeTruthy();
  });

  it('shows endpoints, target, status and the findings badge', async () => {
    const { data } = await decodeFixture('07d_neg_unmasked_client_frame.pcap');
    const list = data.connectionList();
    const { container } = render(<ConnectionsList connections={list} selectedId={list[0].id} onSelect={() => {}} />);
    expect(container.textContent).toContain('GET /unmasked');
    expect(container.textContent).toContain('upgraded');
    expect(container.querySelector('[aria-selected=true]')?.textContent).toContain('⚠');
  });
});

describe('a connection from a HAR file', () => {
  it('says what the file did not record and shows the parsed headers, with no packet numbers', async () => {
    // A real Firefox HAR: the upgrade only, no messages (fixtures/har/firefox-153.truth.json).
    // node:fs by a dynamic import: this file is typechecked without Node's types (see decoded.ts).
    const fsModule = 'node:fs';
    const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string, enc: 'utf8'): string };
    const text = fs.readFileSync('fixtures/har/firefox-153.har', 'utf8');
    const event = readHar(text).find((e) => e.kind === 'connection');
    if (event?.kind !== 'connection') throw new Error('no connection in the HAR');
    render(<HandshakeCard connection={event.connection} />);
    const note = screen.getByTestId('absent-note').textContent ?? '';
    expect(note).toContain('packets, TCP, WebSocket frames');
    expect(note).toContain("Firefox's HAR export leaves them out");
    expect(screen.getByText(/Connection #1: \(not recorded\) → 127\.0\.0\.1:8765/)).toBeTruthy();
    expect(screen.queryByText(/packet 0/)).toBeNull();
    // No raw head to show: the parsed headers are open.
    expect(screen.getByText('K3tISXglYr8jxX91GRtRLg==', { selector: 'td' })).toBeTruthy();
  });
});
