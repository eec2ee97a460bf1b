// @vitest-environment jsdom
// Payload viewer (text / JSON / hex, big payloads, never HTML) and the findings panel, on real
// decoded messages and findings.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FindingsPanel } from '../../../src/renderer/views/FindingsPanel.js';
import { PayloadViewer } from '../../../src/renderer/views/PayloadViewer.js';
import { decodeFixture } from '../decoded.js';

afterEach(cleanup);

async function message(fixture: string, pick: (m: { length: number; type: string }) => boolean) {
  const { engine, data } = await decodeFixture(fixture);
  const row = data.messages.all().find(pick)!;
  return engine.messageDetail(row.id, 1 << 22)!;
}

describe('payload viewer', () => {
  it('pretty-prints a JSON text message as a foldable tree', async () => {
    // 01: {"type": "update", "seq": 42, "values": [0, 1, …]} (111 bytes)
    const d = await message('01_pyws_text_echo.pcap', (m) => m.length === 111);
    render(<PayloadViewer payload={d.message.payload} text={d.message.text} fullLength={d.fullLength} cut={false} />);
    const tree = screen.getByTestId('json-tree');
    expect(tree.textContent).toContain('"seq": 42');
    expect(tree.querySelectorAll('details').length).toBeGreaterThanOrEqual(2);
    fireEvent.click(screen.getByRole('button', { name: 'Text' }));
    expect(screen.getByTestId('payload-text').textContent).toContain('"type": "update"');
  });

  it('shows binary as a hex dump with offsets, the first 4 KiB of 1 MiB, then more on request', async () => {
    const d = await message('05_pyws_large_binary.pcap', (m) => m.length >= 1 << 20);
    render(<PayloadViewer payload={d.message.payload} text={d.message.text} fullLength={d.fullLength} cut={false} />);
    const dump = screen.getByTestId('hex-dump').textContent!;
    expect(dump.split('\n')).toHaveLength(4096 / 16);
    // offsets are hex, wide enough for the whole payload (0x100000 needs 6 digits)
    expect(dump.startsWith('000000  ')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'show more' }));
    expect(screen.getByTestId('hex-dump').textContent!.split('\n')).toHaveLength((4 * 4096) / 16);
  });

  it('renders markup in a payload as text, never as HTML', () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const bytes = new TextEncoder().encode(evil);
    const { container } = render(<PayloadViewer payload={bytes} text={evil} fullLength={bytes.length} cut={false} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByTestId('payload-text').textContent).toBe(evil);
  });

  it('offers the rest of a payload that was cut for display', async () => {
    const d = await message('05_pyws_large_binary.pcap', (m) => m.length >= 1 << 20);
    const onLoadAll = vi.fn();
    const part = d.message.payload.slice(0, 1000);
    render(<PayloadViewer payload={part} text={null} fullLength={d.fullLength} cut onLoadAll={onLoadAll} />);
    fireEvent.click(screen.getByRole('button', { name: /load the remaining/ }));
    expect(onLoadAll).toHaveBeenCalledOnce();
  });
});

describe('findings panel', () => {
  it('lists the unmasked client frame with severity, RFC section and a link to the frame', async () => {
    const { data } = await decodeFixture('07d_neg_unmasked_client_frame.pcap');
    const onSelectFrame = vi.fn();
    const { container } = render(
      <FindingsPanel findings={data.findings} onSelectFrame={onSelectFrame} onSelectConnection={() => {}} />,
    );
    const item = container.querySelector('[data-code="frame.client-unmasked"]')!;
    expect(item.textContent).toContain('error');
    expect(item.textContent).toContain('RFC 6455 §5.1');
    const link = [...item.querySelectorAll('button')].find((b) => b.textContent?.startsWith('frame #'))!;
    fireEvent.click(link);
    const frameId = data.findings.find((f) => f.code === 'frame.client-unmasked')!.frameId;
    expect(onSelectFrame).toHaveBeenCalledWith(frameId);
    // the frame it names is the client's unmasked one
    expect(data.frames.row(frameId!)!.masked).toBe(false);
    expect(data.frames.row(frameId!)!.direction).toBe('client');
  });

  it('says so when there is nothing to report', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    render(<FindingsPanel findings={data.findings} onSelectFrame={() => {}} onSelectConnection={() => {}} />);
    expect(screen.getByText(/No findings/)).toBeTruthy();
  });
});
