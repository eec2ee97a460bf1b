// Real TLS byte streams (test/decoder/tls/streams/*.json, recorded by generate-streams.mjs from
// Node's tls + ws and openssl over loopback) written into captures with the pcap writer: the
// bytes on the wire and the key log are the TLS stacks', the packets around them ours.

import { readFileSync } from 'node:fs';
import {
  type PcapngBlockSpec,
  type PcapRecordSpec,
  TcpConversation,
  writePcap,
  writePcapngBlocks,
} from './pcap-writer.js';

export interface TlsStream {
  name: string;
  keylog: string[];
  sent: { from: 'client' | 'server'; text: string }[];
  certificate?: { subject: string; issuer: string; notBefore: string; notAfter: string };
  streams: { from: 'client' | 'server'; hex: string }[][];
}

export function loadStream(name: string): TlsStream {
  return JSON.parse(readFileSync(new URL(`../decoder/tls/streams/${name}.json`, import.meta.url), 'utf8'));
}

export const keyLogText = (s: TlsStream): string => `${s.keylog.join('\n')}\n`;

export interface StreamCaptureOptions {
  /** Which recorded connection (default: all, one after another on different client ports). */
  only?: number;
  segmentSize?: number;
  /** Leave out the packet carrying this byte of the given direction (a TCP gap). */
  drop?: { from: 'client' | 'server'; chunk: number };
  /** Start the capture after this many chunks (no SYN, no ClientHello: mid-connection). */
  skipChunks?: number;
}

/** The recorded connections as TCP conversations' records. */
export function streamRecords(s: TlsStream, o: StreamCaptureOptions = {}): PcapRecordSpec[] {
  const records: PcapRecordSpec[] = [];
  s.streams.forEach((chunks, i) => {
    if (o.only !== undefined && o.only !== i) return;
    const c = new TcpConversation({
      client: ['127.0.0.1', 40000 + i],
      server: ['127.0.0.2', 443],
      startSeconds: 1700000000 + i,
    });
    const skip = o.skipChunks ?? 0;
    if (skip === 0) c.handshake();
    chunks.forEach((ch, n) => {
      const bytes = Buffer.from(ch.hex, 'hex');
      if (n < skip) {
        c.next[ch.from] = (c.next[ch.from] + bytes.length) >>> 0;
        return;
      }
      if (o.drop && o.drop.from === ch.from && o.drop.chunk === n) {
        c.next[ch.from] = (c.next[ch.from] + bytes.length) >>> 0;
        return;
      }
      c.send(ch.from, new Uint8Array(bytes), { segmentSize: o.segmentSize });
    });
    c.close('client');
    records.push(...c.records);
  });
  return records;
}

export function streamPcap(s: TlsStream, o: StreamCaptureOptions = {}): Uint8Array {
  return writePcap(streamRecords(s, o));
}

/** As pcapng with the key log in Decryption Secrets Blocks: `at` says where (0 = before the packets). */
export function streamPcapngWithSecrets(
  s: TlsStream,
  secrets: { at: number; text: string }[],
  o: StreamCaptureOptions = {},
) {
  const recs = streamRecords(s, o);
  const blocks: PcapngBlockSpec[] = [{ block: 'shb' }, { block: 'idb', linkType: 1 }];
  const dsb = (text: string, type = 0x544c534b): PcapngBlockSpec => {
    const data = new TextEncoder().encode(text);
    const body = new Uint8Array(8 + data.length);
    const v = new DataView(body.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, data.length, true);
    body.set(data, 8);
    return { block: 'raw', type: 10, body };
  };
  recs.forEach((r, i) => {
    for (const sec of secrets) if (sec.at === i) blocks.push(dsb(sec.text));
    blocks.push({
      block: 'epb',
      timestamp: BigInt(r.seconds ?? 0) * 1_000_000n + BigInt(Math.floor((r.nanos ?? 0) / 1000)),
      data: r.data,
    });
  });
  return writePcapngBlocks(blocks);
}

/** A DSB of another secrets type (SSH key log), to be skipped. */
export function sshSecretsBlock(): PcapngBlockSpec {
  const data = new TextEncoder().encode('0011223344556677 SHARED_SECRET 00\n');
  const body = new Uint8Array(8 + data.length);
  const v = new DataView(body.buffer);
  v.setUint32(0, 0x5353484b, true);
  v.setUint32(4, data.length, true);
  body.set(data, 8);
  return { block: 'raw', type: 10, body };
}
