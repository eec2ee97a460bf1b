// The wss captures of fixtures/tls/ (fixtures/gen/tls/README.md): each X.pcap with its key log
// X.keys, the same packets as X.pcapng with the keys embedded, the senders' ground truth in
// X.pcap(ng).intent.json and tshark's reading with the key log in X.oracle.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionRecord, FrameRecord } from '../../../src/decoder/index.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { type CaptureConnection, type CaptureSessionOptions, hex, sha256 } from '../../helpers/intent.js';

export const TLS_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'tls');
export const DAMAGED = join(TLS_FIXTURES, 'damaged');

/** The TLS the stacks reported, as the generators wrote it into the intent. */
export interface StackTls {
  version: string;
  cipher: string;
  resumed: boolean;
  sni: string | null;
  alpn: string | null;
  hello_retry?: boolean;
  /** KeyUpdate messages each side sent (the openssl capture: s_client's K and k commands). */
  key_updates?: { c2s: number; s2c: number };
  /** 0-RTT as s_client reported it ("Early data was accepted"). */
  early_data?: 'accepted' | 'rejected' | null;
}
export type TlsConnection = CaptureConnection & { tls?: StackTls };

export interface OracleFrame {
  frame: number;
  srcport: number;
  dstport: number;
  fin: boolean;
  rsv: number;
  opcode: number;
  mask: boolean;
  masking_key: string | null;
  payload_length: number;
  payload_unmasked: { length: number; sha256: string };
}
export interface Oracle {
  tls: {
    tcp_stream: number;
    version?: string;
    cipher_suite?: string;
    sni?: string;
    alpn?: string;
    hello_retry: boolean;
  }[];
  websocket_frames: OracleFrame[];
}

const base = (name: string) => name.replace(/\.pcap(ng)?$/, '');
export const keyLogOf = (dir: string, name: string): string => readFileSync(join(dir, `${base(name)}.keys`), 'utf8');
export const oracleOf = (dir: string, name: string): Oracle =>
  JSON.parse(readFileSync(join(dir, `${base(name)}.oracle.json`), 'utf8')) as Oracle;

/**
 * The decoder options for a capture: node:crypto, and the key log file for a .pcap; a .pcapng
 * carries its keys in a Decryption Secrets Block, so it gets none (they must come from the file).
 */
export function tlsOptions(dir: string, keys: 'file' | 'none' = 'file') {
  return (name: string): CaptureSessionOptions => ({
    tls: { crypto: nodeTlsCrypto, keyLog: keys === 'file' && name.endsWith('.pcap') ? keyLogOf(dir, name) : undefined },
  });
}

/** "TLSv1.3" (Node, Python, OpenSSL), "TLS 1.3" and "1.3" all name version 1.3. */
export const versionNumber = (v: string | null | undefined): string | null => v?.match(/1\.[0-3]/)?.[0] ?? null;

/** A frame as tshark's oracle and the generators' frames[] describe it. */
export function frameKey(f: FrameRecord) {
  return {
    fin: f.fin,
    rsv: (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0),
    opcode: f.opcode,
    mask: f.masked,
    masking_key: f.maskingKey ? hex(f.maskingKey) : null,
    payload_length: f.payloadLength,
    sha256: sha256(f.payload),
  };
}
export function oracleKey(f: OracleFrame) {
  return {
    fin: f.fin,
    rsv: f.rsv,
    opcode: f.opcode,
    mask: f.mask,
    masking_key: f.masking_key,
    payload_length: f.payload_length,
    sha256: f.payload_unmasked.sha256,
  };
}

/** The wanted items that are not found in `have` in order (empty: `want` is a subsequence). */
export function missingInOrder<T>(have: T[], want: T[]): T[] {
  const same = (a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  const missing: T[] = [];
  let i = 0;
  for (const w of want) {
    const j = have.findIndex((h, k) => k >= i && same(h, w));
    if (j < 0) missing.push(w);
    else i = j + 1;
  }
  return missing;
}

/** The connection's record on the intent's 4-tuple. */
export function connectionOn(conns: readonly ConnectionRecord[], c: CaptureConnection): ConnectionRecord {
  const found = conns.find(
    (x) =>
      x.client.address === c.client[0] &&
      x.client.port === c.client[1] &&
      x.server.address === c.server[0] &&
      x.server.port === c.server[1],
  );
  if (!found) throw new Error(`no connection ${c.client.join(':')} -> ${c.server.join(':')}`);
  return found;
}
