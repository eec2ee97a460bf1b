// A filter written for Wireshark selects the same packets here: for each filter, the packets
// tshark keeps (`tshark -Y FILTER`) are the packets that completed the WebSocket frames wsscope's
// frame filter keeps. tshark is the ground truth (Debian's tshark, as .ci/run installs it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, checkFilter, matchingIds } from '../../../src/decoder/index.js';

const ROOT = join(import.meta.dirname, '../../..');

function tsharkPackets(file: string, filter: string): number[] {
  const r = spawnSync('tshark', ['-n', '-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`tshark failed on ${filter}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
}

const CAPTURES = [
  'fixtures/shared/04_fragments_ping_pong_close_codes.pcap',
  'fixtures/captures/b_ws_concurrent.pcap',
  'fixtures/captures/c_ipv6_loopback.pcap',
];

// Each filter must also hold `websocket` in tshark (a packet without a WebSocket frame is no row).
const FILTERS = [
  'websocket.opcode == 1',
  'websocket.opcode in {8, 9, 10}',
  'websocket.mask == 0 || websocket.fin == 0',
  'websocket.payload_length <= 5 && websocket.opcode != 0',
  'websocket.rsv == 4',
  'tcp.srcport < 20000 && websocket.opcode == 1',
  'tcp.port in {18001, 18004} and not websocket.opcode == 9',
  'ip.src == 127.0.0.0/8 && websocket.mask == 1',
  'ipv6.src == ::1 && websocket',
  'websocket.payload_length_ext_16 > 200 || websocket.opcode == 2',
  'websocket.pmc == 1 && websocket.opcode == 1',
  'websocket.opcode in {1..2} && !websocket.fin',
];

describe.each(CAPTURES)('%s', (capture) => {
  const file = join(ROOT, capture);
  const analysis = analyzeCapture(new Uint8Array(readFileSync(file)));
  const lastPacket = new Map(analysis.frames.map((f) => [f.id, f.packets[f.packets.length - 1]]));
  it.each(FILTERS)('%s selects the packets tshark selects', (filter) => {
    const ids = matchingIds(analysis, checkFilter(filter), 'frame');
    const packets = [...new Set(ids.map((id) => lastPacket.get(id)!))].sort((a, b) => a - b);
    const theirs = tsharkPackets(file, `(${filter}) && websocket`);
    expect(packets).toEqual(theirs);
  });
});
