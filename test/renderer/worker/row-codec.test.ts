// Rows travel worker → UI as columns: the worker encodes them from its store (row-codec.ts),
// the UI copies them into its column store (FrameColumns.add, MessageColumns.add) and reads rows
// back. These tests run that production path end to end and compare the rows read back with the
// decoder's own records, which never pass through the row code.

import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { encodeFrameRows, encodeMessageRows, rowBuffers } from '../../../src/renderer/worker/row-codec.js';
import type { FrameRow } from '../../../src/renderer/worker/row-schema.js';
import { decodeFixture, fixtureBytes, frameColumnsOf } from '../decoded.js';

async function both(name: string) {
  const direct = analyzeCapture(await fixtureBytes(name));
  const { data } = await decodeFixture(name, 1000);
  return { direct, data };
}

describe('rows through the worker encoder and the UI column stores', () => {
  it('gives back every frame as the decoder made it, RSV1 of compressed frames included', async () => {
    const { direct, data } = await both('02a_pyws_deflate_context_takeover.pcap');
    const rows = data.frames.all();
    expect(rows).toHaveLength(direct.frames.length);
    for (const f of direct.frames) {
      const row = data.frames.row(f.id)!;
      expect({ ...row, summary: '' }).toEqual({
        id: f.id,
        connectionId: f.connectionId,
        direction: f.direction,
        index: f.index,
        time: f.time,
        fin: f.fin,
        rsv: `${+f.rsv1}${+f.rsv2}${+f.rsv3}`,
        opcode: f.opcode,
        masked: f.masked,
        payloadLength: f.payloadLength,
        complete: f.complete,
        messageId: f.messageId,
        summary: '',
        findingCount: f.findings.length,
      });
    }
    expect(rows.some((r) => r.rsv === '100')).toBe(true);
  });

  it('gives back every message: fragments, pings with their pongs, close codes', async () => {
    const { direct, data } = await both('04_fragments_ping_pong_close_codes.pcap');
    const rows = data.messages.all();
    expect(rows).toHaveLength(direct.messages.length);
    for (const m of direct.messages) {
      const row = data.messages.row(m.id)!;
      expect({ ...row, preview: '' }).toEqual({
        id: m.id,
        connectionId: m.connectionId,
        direction: m.direction,
        type: m.type,
        opcode: m.opcode,
        firstTime: m.firstTime,
        time: m.time,
        frameIds: m.frameIds,
        frameCount: m.frameIds.length,
        wireLength: m.wireLength,
        length: m.payload.length,
        compressed: m.compressed,
        preview: '',
        closeCode: m.close?.code ?? null,
        pingId: m.pingId,
        rtt: m.rtt,
        complete: m.complete,
        findingCount: m.findings.length,
      });
    }
    expect(rows.some((r) => r.frameIds.length > 2 && r.rtt === null)).toBe(true);
    expect(rows.some((r) => r.rtt !== null && r.pingId !== null)).toBe(true);
    expect(rows.some((r) => r.closeCode != null && r.closeCode !== 1000)).toBe(true);
  });

  it('keeps every flag bit and a missing message id apart', () => {
    const base: FrameRow = {
      id: 1,
      connectionId: 3,
      direction: 'client',
      index: 0,
      time: 1.5,
      fin: true,
      rsv: '000',
      opcode: 1,
      masked: true,
      payloadLength: 5,
      complete: true,
      messageId: 7,
      summary: 'hello',
      findingCount: 0,
    };
    const rows: FrameRow[] = [
      base,
      { ...base, id: 2, fin: false, rsv: '011', masked: false, direction: 'server', messageId: null },
      { ...base, id: 3, rsv: '101', complete: false, opcode: 0xb, findingCount: 2, payloadLength: 2 ** 40 },
    ];
    expect(frameColumnsOf(rows).frames.all()).toEqual(rows);
  });

  it('lists every typed array buffer for transfer, and nothing for an empty batch', async () => {
    const { frames, messages } = await decodeFixture('01_pyws_text_echo.pcap').then(({ engine }) => {
      // a fresh batch after the end carries nothing new
      return engine.takeBatch();
    });
    expect(frames.count).toBe(0);
    // only frameStart (n + 1 = 1 entry) has bytes
    expect(rowBuffers(frames, messages)).toHaveLength(1);
    const none = { frameIds: () => [] as number[] } as unknown as Parameters<typeof encodeMessageRows>[0];
    expect(encodeMessageRows(none, [], []).frameStart).toEqual(new Int32Array(1));
    expect(encodeFrameRows({} as Parameters<typeof encodeFrameRows>[0], [], String).count).toBe(0);
  });
});
