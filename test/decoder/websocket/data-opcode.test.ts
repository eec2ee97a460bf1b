// FrameRecord.dataOpcode on a real capture (RFC 6455 §5.4): every frame of a fragmented message
// carries the message's first opcode, control frames between fragments their own. Expected
// values come from the fixture's intent.json (what the generating program sent).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';

const NAME = 'fixtures/shared/04_fragments_ping_pong_close_codes.pcap';

interface IntentMessage {
  dir: 'c2s' | 's2c';
  opcode: number;
  fragments?: number;
}

describe('FrameRecord.dataOpcode', () => {
  it('gives each fragment of a message the message opcode, in 04_fragments_ping_pong_close_codes', () => {
    const intent = JSON.parse(readFileSync(`${NAME}.intent.json`, 'utf8'));
    const sent: IntentMessage[] = intent.connections[0].messages.filter((m: IntentMessage) => m.dir === 'c2s');
    // Data frames only: a message of n fragments is n frames with the message's opcode.
    const want = sent.filter((m) => m.opcode < 8).flatMap((m) => Array(m.fragments ?? 1).fill(m.opcode));
    const { frames, connections } = analyzeCapture(new Uint8Array(readFileSync(NAME)));
    const first = connections.find((c) => c.kind === 'websocket')!;
    const client = frames.filter((f) => f.connectionId === first.id && f.direction === 'client');
    expect(client.filter((f) => f.opcode < 8).map((f) => f.dataOpcode)).toEqual(want);
    // Continuation frames are there (opcode 0) and control frames keep their own opcode.
    expect(client.some((f) => f.opcode === 0 && f.dataOpcode === 2)).toBe(true);
    for (const f of client.filter((f) => f.opcode >= 8)) expect(f.dataOpcode).toBe(f.opcode);
  });
});
