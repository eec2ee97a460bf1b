// Test-only: pull the TCP payload streams out of a small classic-pcap Ethernet/IPv4 capture, so
// frame tests can run on real bytes without the capture/TCP layers of wsscope (which have their
// own tests). Segments are ordered by sequence number; retransmitted bytes are dropped.
import { readFileSync } from 'node:fs';

export interface TcpStreams {
  /** The concatenated payload from srcPort to dstPort in sequence order (throws on a hole). */
  get(srcPort: number, dstPort: number): Uint8Array;
  /** The same as runs of bytes and the sizes of the holes between them. */
  steps(srcPort: number, dstPort: number): ({ bytes: Uint8Array } | { gap: number })[];
}

export function readTcpStreams(path: string): TcpStreams {
  const file = new Uint8Array(readFileSync(path));
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && dv.getUint32(0, false) !== 0xa1b2c3d4 && dv.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error('not a classic pcap');
  }
  if (dv.getUint32(20, le) !== 1) throw new Error('not Ethernet');
  const segments = new Map<string, { seq: number; data: Uint8Array }[]>();
  let off = 24;
  while (off + 16 <= file.length) {
    const incl = dv.getUint32(off + 8, le);
    const pkt = file.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    if (((pkt[12] << 8) | pkt[13]) !== 0x0800) continue;
    const ip = 14;
    const ihl = (pkt[ip] & 0x0f) * 4;
    if (pkt[ip + 9] !== 6) continue;
    const totalLength = (pkt[ip + 2] << 8) | pkt[ip + 3];
    const tcp = ip + ihl;
    const srcPort = (pkt[tcp] << 8) | pkt[tcp + 1];
    const dstPort = (pkt[tcp + 2] << 8) | pkt[tcp + 3];
    const seq = ((pkt[tcp + 4] << 24) | (pkt[tcp + 5] << 16) | (pkt[tcp + 6] << 8) | pkt[tcp + 7]) >>> 0;
    const dataOffset = (pkt[tcp + 12] >> 4) * 4;
    const data = pkt.subarray(tcp + dataOffset, ip + totalLength);
    if (data.length === 0) continue;
    const key = `${srcPort}>${dstPort}`;
    if (!segments.has(key)) segments.set(key, []);
    segments.get(key)!.push({ seq, data });
  }
  const steps = (srcPort: number, dstPort: number) => {
    const list = segments.get(`${srcPort}>${dstPort}`) ?? [];
    const out: ({ bytes: Uint8Array } | { gap: number })[] = [];
    if (list.length === 0) return out;
    const base = list[0].seq;
    const rel = list.map((s) => ({ at: (s.seq - base) >>> 0, data: s.data })).sort((a, b) => a.at - b.at);
    let next = 0;
    for (const s of rel) {
      if (s.at + s.data.length <= next) continue;
      if (s.at > next) out.push({ gap: s.at - next });
      else if (s.at < next) s.data = s.data.subarray(next - s.at);
      out.push({ bytes: s.data });
      next = Math.max(next, s.at) + s.data.length;
    }
    return out;
  };
  return {
    steps,
    get(srcPort, dstPort) {
      const parts = steps(srcPort, dstPort).map((step) => {
        if ('gap' in step) throw new Error(`hole in stream ${srcPort}>${dstPort}`);
        return step.bytes;
      });
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    },
  };
}

/** The bytes after the HTTP head (the first CRLFCRLF). */
export function afterHttpHead(stream: Uint8Array): Uint8Array {
  for (let i = 0; i + 3 < stream.length; i++) {
    if (stream[i] === 13 && stream[i + 1] === 10 && stream[i + 2] === 13 && stream[i + 3] === 10) {
      return stream.subarray(i + 4);
    }
  }
  throw new Error('no HTTP head');
}
