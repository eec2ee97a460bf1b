// Rows travel worker → UI as columns; decoding gives back exactly the rows that went in.

import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import {
  decodeFrameRows,
  decodeMessageRows,
  encodeFrameRows,
  encodeMessageRows,
  rowBuffers,
} from '../../../src/renderer/worker/row-codec.js';
import { decodeFixture, fixtureBytes } from '../decoded.js';

describe('row columns', () => {
  it('round-trips the message rows of a capture with fragments, pings and closes', async () => {
    const direct = analyzeCapture(await fixtureBytes('04_fragments_ping_pong_close_codes.pcap'));
    const engine = new DecodeEngine();
    const rows = direct.messages.map((m) => engine.messageRow(m));
    expect(rows.some((r) => r.frameIds.length > 2 && r.rtt === null)).toBe(true);
    expect(rows.some((r) => r.rtt !== null && r.pingId !== null)).toBe(true);
    expect(decodeMessageRows(encodeMessageRows(rows))).toEqual(rows);
  });

  it('round-trips frame rows, RSV bits and null message ids included', async () => {
    const { data } = await decodeFixture('02a_pyws_deflate_context_takeover.pcap');
    const rows = data.frames.all();
    expect(rows.some((r) => r.rsv === '100')).toBe(true);
    const withNull = [...rows, { ...rows[0], id: 9999, messageId: null, rsv: '011' }];
    expect(decodeFrameRows(encodeFrameRows(withNull))).toEqual(withNull);
  });

  it('lists every typed array buffer for transfer, and nothing for an empty batch', () => {
    const frames = encodeFrameRows([]);
    const messages = encodeMessageRows([]);
    // only frameStart (n + 1 = 1 entry) has bytes
    expect(rowBuffers(frames, messages)).toHaveLength(1);
  });
});
