// Every capture in ../shared/real-captures (other projects' captures, read in place, never copied
// here) against tshark's reading of it: real-captures.tshark.json, written by tshark alone with
// scripts/real-captures-tshark.mjs. Where tshark sees WebSocket frames, wsscope must see the same
// frames (packet, ports, opcode, FIN, MASK, payload length); where it sees none, wsscope must
// invent no WebSocket connection with frames. A capture new to the directory fails until the
// JSON is made again, so no file goes unchecked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { REAL_CAPTURES } from '../../helpers/real-captures.js';

type Frame = [
  packet: number,
  srcPort: number,
  dstPort: number,
  opcode: number,
  fin: number,
  masked: number,
  length: number,
];
const ORACLE = JSON.parse(readFileSync(new URL('./real-captures.tshark.json', import.meta.url), 'utf8')) as {
  files: Record<string, { decodeAs: string | null; frames: Frame[] }>;
};

const dir = REAL_CAPTURES ?? '';
const files = REAL_CAPTURES
  ? readdirSync(dir)
      .filter((f) => /\.pcap(ng)?$/.test(f))
      .sort()
  : [];

function wsscopeFrames(name: string): { frames: Frame[]; guessed: number } {
  const a = analyzeCapture(new Uint8Array(readFileSync(join(dir, name))), { frameFields: false });
  const byId = new Map(a.connections.map((c) => [c.id, c]));
  const frames = a.frames.map((f): Frame => {
    const c = byId.get(f.connectionId);
    const [from, to] = f.direction === 'client' ? [c?.client, c?.server] : [c?.server, c?.client];
    // tshark shows a frame at the packet that completed it: the last of its packets.
    const packet = f.packets[f.packets.length - 1] ?? 0;
    return [packet, from?.port ?? 0, to?.port ?? 0, f.opcode, f.fin ? 1 : 0, f.masked ? 1 : 0, f.payloadLength];
  });
  const order = (x: Frame, y: Frame) => x[0] - y[0] || x[1] - y[1];
  return {
    frames: frames.sort(order),
    guessed: a.connections.filter((c) => c.kind === 'websocket-no-handshake').length,
  };
}

describe.skipIf(REAL_CAPTURES === null)('real captures read as tshark reads them', () => {
  it('the tshark reading covers every capture in the directory', () => {
    expect(files.filter((f) => !(f in ORACLE.files))).toEqual([]);
  });

  for (const name of files) {
    it(name, () => {
      const oracle = ORACLE.files[name];
      if (!oracle) return;
      const ours = wsscopeFrames(name);
      const theirs = [...oracle.frames].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(ours.frames).toEqual(theirs);
      // A connection without its handshake is WebSocket only where tshark had to be told so too.
      if (oracle.decodeAs === null) expect(ours.guessed).toBe(0);
      else expect(ours.guessed).toBeGreaterThan(0);
    });
  }
});
