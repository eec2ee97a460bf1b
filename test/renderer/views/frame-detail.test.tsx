// @vitest-environment jsdom
// The bit-level frame view on real decoded frames: RFC 6455 §5.2 layout (32 bits a row),
// field ↔ byte highlighting both ways, and masking byte by byte (§5.3).

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { bitRows, FrameDetailView, wireBytes } from '../../../src/renderer/views/FrameDetail.js';
import { decodeFixture } from '../decoded.js';

afterEach(cleanup);

async function frameFrom(fixture: string, pick: (f: { payloadLength: number; direction: string }) => boolean) {
  const { engine, data } = await decodeFixture(fixture);
  const row = data.frames.all().find(pick)!;
  return engine.frameDetail(row.id, 1 << 20)!.frame;
}

describe('RFC 6455 §5.2 header diagram', () => {
  it('draws a masked 5-byte text frame in two rows of 32 bits with its real bits', async () => {
    // 01: the client's first message is "hello": FIN 1, opcode 0001, MASK 1, length 0000101
    const frame = await frameFrom('01_pyws_text_echo.pcap', (f) => f.direction === 'client');
    const { container } = render(<FrameDetailView frame={frame} />);
    const cell = (key: string) => container.querySelector(`[data-field="${key}"] .bitvals`)?.textContent;
    expect(cell('websocket.fin')).toBe('1');
    expect(cell('websocket.opcode')).toBe('0001');
    expect(cell('websocket.mask')).toBe('1');
    expect(cell('websocket.payload_length')).toBe('0000101');
    // 2 + 4 header bytes = 48 bits = two rows; the key crosses the row boundary
    const rows = bitRows(frame);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.reduce((n, s) => n + s.length, 0)).toBe(32);
    expect(container.querySelectorAll('[data-field="websocket.masking_key"]')).toHaveLength(2);
  });

  it('shows the 64-bit length form of a 1 MiB frame across rows', async () => {
    // 05: a 1 MiB binary message (intent: lengths up to 1048576+)
    const frame = await frameFrom('05_pyws_large_binary.pcap', (f) => f.payloadLength > 65536);
    const { container } = render(<FrameDetailView frame={frame} />);
    expect(container.querySelector('[data-field="websocket.payload_length"] .bitvals')?.textContent).toBe('1111111');
    // 2 + 8 + 4 = 14 header bytes = 112 bits = 4 rows (the last one partly payload)
    expect(bitRows(frame)).toHaveLength(4);
    expect(container.querySelectorAll('[data-field="websocket.payload_length_ext64"]').length).toBeGreaterThan(1);
  });
});

describe('field ↔ bytes highlighting', () => {
  it('hovering the masking key highlights its four bytes, and a byte highlights its field', async () => {
    const frame = await frameFrom('01_pyws_text_echo.pcap', (f) => f.direction === 'client');
    const { container } = render(<FrameDetailView frame={frame} />);
    fireEvent.mouseEnter(container.querySelector('[data-field="websocket.masking_key"]')!);
    const lit = [...screen.getByTestId('hex-view').querySelectorAll('.b.hl')].map((b) => b.getAttribute('data-offset'));
    expect(lit).toEqual(['2', '3', '4', '5']);
    fireEvent.mouseEnter(screen.getByTestId('hex-view').querySelector('[data-offset="1"]')!);
    // byte 1 holds MASK (1 bit) and the 7-bit length: the narrowest field starting there wins
    expect(container.querySelector('td.hl')?.getAttribute('data-field')).toBe('websocket.mask');
  });
});

describe('RFC 6455 §5.3 masking', () => {
  it('works the first bytes through: masked ⊕ key[i mod 4] = unmasked', async () => {
    const frame = await frameFrom('01_pyws_text_echo.pcap', (f) => f.direction === 'client');
    render(<FrameDetailView frame={frame} />);
    const table = screen.getByTestId('masking');
    const rows = [...table.querySelectorAll('tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    const [, masked, key, unmasked, chars] = rows;
    // "hello" (intent 01)
    expect(chars).toEqual(['h', 'e', 'l', 'l', 'o']);
    expect(unmasked).toEqual(['68', '65', '6c', '6c', '6f']);
    for (let i = 0; i < 5; i++) {
      expect(Number.parseInt(masked[i]!, 16) ^ Number.parseInt(key[i]!, 16)).toBe(Number.parseInt(unmasked[i]!, 16));
    }
    expect(key[4]).toBe(key[0]);
  });

  it('re-masks the payload for the wire bytes', async () => {
    const frame = await frameFrom('01_pyws_text_echo.pcap', (f) => f.direction === 'client');
    const wire = wireBytes(frame);
    // 0x81 = FIN + text; 0x85 = MASK + length 5
    expect([wire[0], wire[1]]).toEqual([0x81, 0x85]);
    expect(wire[6] ^ wire[2]).toBe(0x68);
  });

  it('says when a server frame is not masked', async () => {
    const frame = await frameFrom('01_pyws_text_echo.pcap', (f) => f.direction === 'server');
    render(<FrameDetailView frame={frame} />);
    expect(screen.getByText(/Not masked/)).toBeTruthy();
  });
});
