// Test-only: pull the TCP payload streams out of a small classic-pcap Ethernet/IPv4 capture, so
// frame tests can run on real bytes without the capture/TCP layers of wsscope (which have their
// own tests). Segments are ordered by sequence number; retransmitted bytes are dropped.
import { readFileSync } from 'node:fs';

export interface TcpStreams {
  /** Key "srcport>dstport" → the concatenated payload in sequence order. */
  get(srcPort: number, dstPort: number): Uint8Array;
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
  return {
    get(srcPort, dstPort) {
      const list = segments.get(`${srcPort}>${dstPort}`) ?? [];
      if (list.length === 0) return new Uint8Array(0);
      const base = list[0].seq;
      const rel = list.map((s) => ({ at: (s.seq - base) >>> 0, data: s.data })).sort((a, b) => a.at - b.at);
      const parts: Uint8Array[] = [];
      let next = 0;
      for (const s of rel) {
        if (s.at + s.data.length <= next) continue;
        if (s.at > next) throw new Error(`hole in stream ${srcPort}>${dstPort} at ${next}`);
        parts.push(s.data.subarray(next - s.at));
        next = s.at + s.data.length;
      }
      const out = new Uint8Array(next);
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
