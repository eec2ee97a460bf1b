// Every shared fixture, decoded whole, against the ground truth of what was sent (the harness is
// test/helpers/ground-truth.ts), and what each fixture was made to show.
// Where tshark disagrees with the ground truth (fixtures/shared/README.md), the ground truth wins.
import { describe, expect, it } from 'vitest';
import { describeGroundTruth } from '../helpers/ground-truth.js';
import { hex, SHARED_FIXTURES } from '../helpers/intent.js';

const analysis = describeGroundTruth({ dir: SHARED_FIXTURES, sentControlOnly: true });

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
    // The pongs that answer a ping, in the order they were sent, each frame in a packet of its own
    // (the generator waits 20 ms between frames), with the packets' times as tshark reads them
    // (.oracle.json, websocket_frames' time_epoch; the intent has no times): the round trip is the
    // pong's packet time minus the ping's.
    const expected = [
      // client ping "ping-in-between", frame 9 at .498081, pong frame 11 at .498437
      { payload: '70696e672d696e2d6265747765656e', pingBy: 'client', rtt: 0.000356 },
      // client ping 01 02 "ping-bin", frame 29 at .601191, pong frame 30 at .601572
      { payload: '010270696e672d62696e', pingBy: 'client', rtt: 0.000381 },
      // client ping of the 125 bytes 00..7c, frame 41 at .745438, pong frame 42 at .745755
      {
        payload: Array.from({ length: 125 }, (_, i) => i.toString(16).padStart(2, '0')).join(''),
        pingBy: 'client',
        rtt: 0.000317,
      },
      // empty client ping, frame 43 at .766048, pong frame 44 at .766364
      { payload: '', pingBy: 'client', rtt: 0.000316 },
      // server ping "server-ping-\0\x01\xff", frame 16 at 47.540019, pong frame 46 at 48.087059
      { payload: '7365727665722d70696e672d0001ff', pingBy: 'server', rtt: 0.54704 },
    ];
    const a = analysis('04_fragments_ping_pong_close_codes.pcap');
    const pongs = a.messages.filter((m) => m.type === 'pong' && m.pingId !== null);
    expect(pongs.map((p) => [hex(p.payload), p.direction === 'client' ? 'server' : 'client'])).toEqual(
      expected.map((e) => [e.payload, e.pingBy]),
    );
    pongs.forEach((p, i) => {
      const ping = a.messages.find((m) => m.id === p.pingId);
      expect(ping?.type).toBe('ping');
      expect(hex(ping?.payload ?? new Uint8Array(0))).toBe(expected[i].payload);
      // Times are doubles near 1.8e9 s (steps of 2.4e-7 s): equal to well under a microsecond.
      expect(Math.abs((p.rtt ?? Number.NaN) - expected[i].rtt), `pong ${i} rtt ${p.rtt}`).toBeLessThan(1e-6);
    });
  });
  it('01 follows the connection through CONNECTING, OPEN, CLOSING and CLOSED', () => {
    const conn = analysis('01_pyws_text_echo.pcap').connections[0];
    expect(conn.lifecycle.map((l) => l.state)).toEqual(['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);
    expect(conn.cleanClose).toBe(true);
    expect(conn.closedBy).not.toBeNull();
  });
});
