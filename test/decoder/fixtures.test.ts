// Every shared fixture, decoded whole, against the ground truth of what was sent.
// Where tshark disagrees with the ground truth (fixtures/shared/README.md), the ground truth wins.
import { describe, expect, it } from 'vitest';
import type { CaptureAnalysis, ConnectionRecord } from '../../src/decoder/index.js';
import {
  cachedAnalyses,
  hex,
  type IntentConnection,
  intentDataMessages,
  listFixtures,
  readFixture,
  readIntent,
  sha256,
} from '../helpers/intent.js';

const DIRS = { c2s: 'client', s2c: 'server' } as const;

function findConnection(a: CaptureAnalysis, c: IntentConnection): ConnectionRecord {
  const conn = a.connections.find(
    (x) =>
      x.client.address === c.client[0] &&
      x.client.port === c.client[1] &&
      x.server.address === c.server[0] &&
      x.server.port === c.server[1],
  );
  if (!conn) throw new Error(`no connection ${c.client.join(':')} -> ${c.server.join(':')}`);
  return conn;
}

const analysis = cachedAnalyses(readFixture);

describe('shared fixtures against their ground truth', () => {
  for (const name of listFixtures()) {
    const intent = readIntent(name);
    describe(name, () => {
      it('reads the capture without a fatal error', () => {
        expect(analysis(name).fatal).toBeNull();
      });

      for (const c of intent.connections) {
        const label = `${c.client.join(':')} -> ${c.server.join(':')}`;
        for (const [dir, direction] of Object.entries(DIRS) as ['c2s' | 's2c', 'client' | 'server'][]) {
          it(`${label}: every ${direction} data message matches what was sent`, () => {
            const a = analysis(name);
            const conn = findConnection(a, c);
            const ours = a.messages.filter(
              (m) => m.connectionId === conn.id && m.direction === direction && m.opcode < 8,
            );
            const expected = intentDataMessages(c, dir);
            expect(ours.map((m) => m.opcode)).toEqual(expected.map((m) => m.opcode));
            ours.forEach((m, i) => {
              const e = expected[i];
              if (!m.complete) {
                // Only a capture with lost bytes may leave a message incomplete.
                expect(name).toMatch(/lost/);
                return;
              }
              expect(m.payload.length, `message ${i} length`).toBe(e.length);
              if (e.sha256) expect(sha256(m.payload), `message ${i} sha256`).toBe(e.sha256);
            });
          });

          it(`${label}: every ${direction} control frame matches what was sent`, () => {
            const a = analysis(name);
            const conn = findConnection(a, c);
            const ours = a.messages.filter(
              (m) => m.connectionId === conn.id && m.direction === direction && m.opcode >= 8,
            );
            const expected = c.control.filter((x) => x.dir === dir);
            if (c.frames && c.control.length === 0) return; // exact frames are checked below
            // The ground truth lists the control frames the generator sent itself; peers' automatic
            // pongs come on top. So: what was sent appears in order, and anything extra is a pong
            // that answers a ping.
            let j = 0;
            for (const m of ours) {
              const x = expected[j];
              if (x && m.opcode === x.opcode && hex(m.payload) === x.hex) {
                if (x.close_code !== undefined) expect(m.close?.code).toBe(x.close_code);
                if (x.close_reason !== undefined) expect(m.close?.reason).toBe(x.close_reason);
                j++;
              } else {
                expect(m.type, `unexpected ${m.type} ${hex(m.payload)}`).toBe('pong');
                expect(m.pingId, 'an automatic pong answers a ping').not.toBeNull();
              }
            }
            expect(j, 'all control frames sent were found').toBe(expected.length);
          });

          if (c.frames?.some((f) => f.dir === dir)) {
            it(`${label}: every ${direction} frame matches the exact frame written`, () => {
              const a = analysis(name);
              const conn = findConnection(a, c);
              const ours = a.frames.filter((f) => f.connectionId === conn.id && f.direction === direction);
              const expected = (c.frames ?? []).filter((f) => f.dir === dir);
              expect(
                ours.map((f) => ({
                  fin: f.fin,
                  rsv: (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0),
                  opcode: f.opcode,
                  masked: f.masked,
                  masking_key: f.maskingKey ? hex(f.maskingKey) : null,
                  payload_length: f.payloadLength,
                  sha256: sha256(f.payload),
                })),
              ).toEqual(
                expected.map((f) => ({
                  fin: f.fin,
                  rsv: f.rsv,
                  opcode: f.opcode,
                  masked: f.masked,
                  masking_key: f.masking_key,
                  payload_length: f.payload_length,
                  sha256: f.sha256,
                })),
              );
            });
          }
        }

        if (c.response_headers?.['Sec-WebSocket-Accept']) {
          it(`${label}: the handshake is upgraded and its accept verified`, () => {
            const conn = findConnection(analysis(name), c);
            expect(conn.kind).toBe('websocket');
            expect(conn.handshake?.accept.valid).toBe(true);
            expect(conn.handshake?.accept.received).toBe(c.response_headers?.['Sec-WebSocket-Accept']);
            expect(conn.handshake?.extensions.map((e) => e.name)).toEqual(c.extensions ?? []);
          });
        }
      }
    });
  }
});

// What each fixture was made to show (its description in fixtures/shared/README.md), as codes.
const EXPECTED_FINDINGS: Record<string, string[]> = {
  '04_fragments_ping_pong_close_codes.pcap': ['pong.unsolicited'],
  '07a_neg_wrong_accept_lib_client.pcap': ['handshake.accept-mismatch'],
  '07c_neg_rejected_401_426.pcap': ['handshake.rejected'],
  '07d_neg_unmasked_client_frame.pcap': ['frame.client-unmasked'],
  '07f_neg_reserved_opcode.pcap': ['frame.reserved-opcode'],
  '07h_neg_control_frame_too_long.pcap': ['frame.control-too-long'],
  '07j_neg_invalid_utf8_text.pcap': ['message.invalid-utf8'],
  '10b_tcp_out_of_order.pcap': ['tcp.out-of-order'],
  '10c_tcp_retransmission.pcap': ['tcp.retransmission'],
  '10e_tcp_lost_segment.pcap': ['tcp.gap', 'frame.incomplete'],
};
const CLEAN = [
  '01_pyws_text_echo.pcap',
  '02a_pyws_deflate_context_takeover.pcap',
  '02b_pyws_deflate_no_context_takeover.pcap',
  '05_pyws_large_binary.pcap',
  '09a_format_pcapng.pcapng',
  '09c_format_linux_sll.pcap',
  '09e_format_bigendian.pcap',
  '10_base_for_pathologies.pcap',
  '10a_tcp_resegmented_mss1000.pcap',
];

describe('findings on the shared fixtures', () => {
  for (const [name, codes] of Object.entries(EXPECTED_FINDINGS)) {
    it(`${name} reports ${codes.join(', ')}`, () => {
      const found = new Set(analysis(name).findings.map((f) => f.code));
      for (const code of codes) expect(found, `missing ${code}`).toContain(code);
    });
  }
  it('07c reports both rejections with their status', () => {
    const rejected = analysis('07c_neg_rejected_401_426.pcap').findings.filter((f) => f.code === 'handshake.rejected');
    expect(rejected.map((f) => f.message).join('\n')).toMatch(/401/);
    expect(rejected.map((f) => f.message).join('\n')).toMatch(/426/);
    expect(analysis('07c_neg_rejected_401_426.pcap').connections.map((c) => c.kind)).toEqual(['rejected', 'rejected']);
  });
  for (const name of CLEAN) {
    it(`${name} is clean: no warning or error findings`, () => {
      const bad = analysis(name).findings.filter((f) => f.severity !== 'note');
      expect(bad.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
    });
  }
  it('04 pairs every ping with its pong and keeps the round trip', () => {
    const a = analysis('04_fragments_ping_pong_close_codes.pcap');
    const pongs = a.messages.filter((m) => m.type === 'pong' && m.pingId !== null);
    expect(pongs.length).toBeGreaterThan(0);
    for (const p of pongs) expect(p.rtt).toBeGreaterThanOrEqual(0);
  });
  it('01 follows the connection through CONNECTING, OPEN, CLOSING and CLOSED', () => {
    const conn = analysis('01_pyws_text_echo.pcap').connections[0];
    expect(conn.lifecycle.map((l) => l.state)).toEqual(['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);
    expect(conn.cleanClose).toBe(true);
    expect(conn.closedBy).not.toBeNull();
  });
});
