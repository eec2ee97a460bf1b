// The message layer against real captures and what their generators say they sent
// (fixtures/shared/*.intent.json). Frames are pulled out with a naive test-only reader
// (test/helpers/pcap-reader.ts); the intent types, sha256 (node:crypto) and hex come from
// test/helpers/intent.ts, independent of the code under test.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeflateParams } from '../../../../src/decoder/records.js';
import type { AssembledMessage } from '../../../../src/decoder/websocket/messages/assembler.js';
import { hex, type IntentConnection, readIntent, SHARED_FIXTURES, sha256 } from '../../../helpers/intent.js';
import { framesFromPcap } from '../../../helpers/pcap-reader.js';
import { assembler, run } from './helpers.js';

/** Run both directions of one connection through their own assemblers. */
function assemble(name: string, conn: IntentConnection, deflate: DeflateParams | null) {
  const frames = framesFromPcap(join(SHARED_FIXTURES, name), conn.server[1], conn.client[1]);
  const out: Record<'c2s' | 's2c', AssembledMessage[]> = { c2s: [], s2c: [] };
  for (const [dir, role] of [
    ['c2s', 'client'],
    ['s2c', 'server'],
  ] as const) {
    out[dir] = run(assembler({ deflate, role, maxMessageSize: 64 << 20 }), frames[role]);
  }
  return out;
}

function expectMatchesIntent(out: Record<'c2s' | 's2c', AssembledMessage[]>, conn: IntentConnection) {
  for (const dir of ['c2s', 's2c'] as const) {
    const data = out[dir].filter((m) => m.type === 'text' || m.type === 'binary');
    const want = conn.messages.filter((m) => m.dir === dir);
    expect(data.map((m) => [m.opcode, m.payload.length, sha256(m.payload)])).toEqual(
      want.map((m) => [m.opcode, m.length, m.sha256]),
    );
    for (const m of data) expect(m.problems).toEqual([]);
    // Libraries answer the peer's pings by themselves; the generator's list has only what it sent.
    const other = dir === 'c2s' ? 's2c' : 'c2s';
    const pingsFromPeer = new Set(out[other].filter((m) => m.type === 'ping').map((m) => hex(m.payload)));
    const listed = new Set(conn.control.filter((c) => c.dir === dir && c.opcode === 10).map((c) => c.hex));
    const control = out[dir].filter(
      (m) =>
        m.type !== 'text' &&
        m.type !== 'binary' &&
        !(m.type === 'pong' && pingsFromPeer.has(hex(m.payload)) && !listed.has(hex(m.payload))),
    );
    const wantControl = conn.control.filter((c) => c.dir === dir);
    expect(control.map((m) => [m.opcode, hex(m.payload)])).toEqual(wantControl.map((c) => [c.opcode, c.hex]));
    for (const [i, c] of wantControl.entries()) {
      if (c.close_code !== undefined) expect(control[i]?.close).toEqual({ code: c.close_code, reason: c.close_reason });
    }
  }
}

describe('RFC 7692 against real captures (python-websockets 10.4)', () => {
  it('02a: context takeover, 12-bit windows: every message inflates to the sent bytes', () => {
    const name = '02a_pyws_deflate_context_takeover.pcap';
    const [conn] = readIntent(name).connections;
    const deflate: DeflateParams = {
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 12,
      clientMaxWindowBits: 12,
    };
    const out = assemble(name, conn, deflate);
    expect(out.c2s.filter((m) => m.compressed)).toHaveLength(15);
    expectMatchesIntent(out, conn);
  });

  it('02b: no context takeover: every message inflates to the sent bytes', () => {
    const name = '02b_pyws_deflate_no_context_takeover.pcap';
    const [conn] = readIntent(name).connections;
    const deflate: DeflateParams = {
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
      serverMaxWindowBits: 15,
      clientMaxWindowBits: 15,
    };
    expectMatchesIntent(assemble(name, conn, deflate), conn);
  });

  it('02a read with the wrong assumption (no context takeover) fails loudly, not silently', () => {
    const name = '02a_pyws_deflate_context_takeover.pcap';
    const [conn] = readIntent(name).connections;
    const deflate: DeflateParams = {
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
      serverMaxWindowBits: 12,
      clientMaxWindowBits: 12,
    };
    const out = assemble(name, conn, deflate);
    const want = conn.messages.filter((m) => m.dir === 'c2s');
    const data = out.c2s.filter((m) => m.type === 'text' || m.type === 'binary');
    for (const [i, m] of data.entries()) {
      const ok = m.problems.length === 0;
      // Whatever inflated without a finding is exactly what was sent.
      if (ok) expect(sha256(m.payload)).toBe(want[i]?.sha256);
    }
    expect(data.some((m) => m.problems.some((p) => p.code === 'message.inflate-failed'))).toBe(true);
  });
});

describe('RFC 6455 §5.4 against a real capture', () => {
  it('04: fragments, interleaved pings, a UTF-8 character split across fragments, close 1001/4000', () => {
    const name = '04_fragments_ping_pong_close_codes.pcap';
    for (const conn of readIntent(name).connections) expectMatchesIntent(assemble(name, conn, null), conn);
  });

  it('07j: reports the text message that is not UTF-8', () => {
    const name = '07j_neg_invalid_utf8_text.pcap';
    const [conn] = readIntent(name).connections;
    const out = assemble(name, conn, null);
    const [valid, invalid] = out.s2c.filter((m) => m.type === 'text') as [AssembledMessage, AssembledMessage];
    expect(valid.problems).toEqual([]);
    // 62 61 64 20 ff fe ...: "bad " then ff, which can never start a UTF-8 sequence.
    expect(invalid.payload.length).toBe(18);
    expect(invalid.problems.map((p) => [p.code, p.message])).toEqual([
      ['message.invalid-utf8', 'text message is not valid utf-8: invalid sequence at byte 4 of 18'],
    ]);
    expect(invalid.text?.startsWith('bad \uFFFD')).toBe(true);
  });
});
