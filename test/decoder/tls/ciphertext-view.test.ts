// FrameCiphertextFinder: for each WebSocket frame of real wss captures (fixtures/tls: Node, OpenSSL,
// TLS 1.2 GCM and CBC, TLS 1.3 ChaCha20, a KeyUpdate), the TLS records the frame's bytes came from.
// Truth: tshark with the key log (`-e tls.app_data`: every application-data record body as
// captured, per direction), and the generator's intent file (the messages it sent, by SHA-256).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, FrameCiphertextFinder } from '../../../src/decoder/index.js';
import { findExecutable } from '../../../src/node/live-capture.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { pieces, randomSplit } from '../../helpers/chunking.js';

const TLS = join(import.meta.dirname, '../../../fixtures/tls');
const tshark = findExecutable('tshark');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** tshark's application-data record bodies, keyed "srcport:hex". */
function tsharkRecords(name: string): Set<string> {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      join(TLS, `${name}.pcap`),
      '-o',
      `tls.keylog_file:${join(TLS, `${name}.keys`)}`,
      '-Y',
      'tls.app_data',
      '-T',
      'fields',
      '-e',
      'tcp.srcport',
      '-e',
      'tls.app_data',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 },
  );
  const set = new Set<string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [port, data] = line.split('\t');
    for (const body of (data ?? '').split(',')) set.add(`${port}:${body}`);
  }
  return set;
}

/** A WebSocket frame's payload, unmasked, parsed by hand from its wire bytes (RFC 6455 §5.2). */
function unmaskedPayload(wire: Uint8Array): Uint8Array {
  let at = 2;
  let length = wire[1]! & 0x7f;
  if (length === 126) {
    length = (wire[2]! << 8) | wire[3]!;
    at = 4;
  } else if (length === 127) {
    length = Number(Buffer.from(wire.subarray(2, 10)).readBigUInt64BE());
    at = 10;
  }
  const mask = wire[1]! & 0x80 ? wire.subarray(at, at + 4) : null;
  if (mask) at += 4;
  const payload = wire.slice(at, at + length);
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return payload;
}

describe.skipIf(!tshark)('FrameCiphertextFinder on real wss captures', () => {
  it.each([
    'node-tls12-ecdhe-aes128gcm',
    'node-tls12-ecdhe-aes128cbc',
    'node-tls13-chacha20-deflate',
    'openssl-tls13-key-update',
  ])('%s: every frame maps to records tshark decrypted, holding its bytes', (name) => {
    const capture = new Uint8Array(readFileSync(join(TLS, `${name}.pcap`)));
    const keys = readFileSync(join(TLS, `${name}.keys`));
    const truth = tsharkRecords(name);
    const intent = JSON.parse(readFileSync(join(TLS, `${name}.pcap.intent.json`), 'utf8')) as {
      connections: { messages: { sha256: string }[] }[];
    };
    const sent = new Set(intent.connections.flatMap((c) => c.messages.map((m) => m.sha256)));
    const analysis = analyzeCapture(capture, { tls: { crypto: nodeTlsCrypto, keyLog: keys } });
    expect(analysis.frames.length).toBeGreaterThan(3);
    let checkedPayloads = 0;
    for (const frame of analysis.frames) {
      const conn = analysis.connections.find((c) => c.id === frame.connectionId)!;
      const length = frame.headerLength + frame.payloadLength;
      const finder = new FrameCiphertextFinder(
        { connectionId: frame.connectionId, direction: frame.direction, offset: frame.streamOffset, length },
        nodeTlsCrypto,
        [{ text: keys, name: 'keys' }],
      );
      // Fed in uneven pieces, as a file is read; it stops once the frame is covered.
      for (const piece of pieces(capture, randomSplit(frame.id, 4000))) if (finder.push(piece)) break;
      const records = finder.end();
      expect(records.length, `frame ${frame.id}`).toBeGreaterThan(0);
      const port = frame.direction === 'client' ? conn.client.port : conn.server.port;
      for (const r of records) {
        // As captured: an application_data header whose length is the body's, a body tshark saw.
        expect(r.header[0]).toBe(23);
        expect((r.header[3]! << 8) | r.header[4]!).toBe(r.body.length);
        expect(truth.has(`${port}:${hex(r.body)}`), `frame ${frame.id} record at ${r.tcpOffset}`).toBe(true);
        expect(r.to).toBeGreaterThan(r.from);
      }
      // The frame's bytes, taken from the records' plaintext, are the frame: its payload is a
      // message the generator sent (whole, unfragmented, uncompressed frames).
      const wire = Buffer.concat(records.map((r) => r.content.subarray(r.from, r.to)));
      expect(wire.length).toBe(length);
      if (frame.fin && frame.opcode >= 1 && frame.opcode <= 2 && !frame.rsv1) {
        expect(sent.has(createHash('sha256').update(unmaskedPayload(wire)).digest('hex'))).toBe(true);
        checkedPayloads++;
      }
    }
    // permessage-deflate captures: every data frame is compressed (checked by wire bytes only).
    if (!name.includes('deflate')) expect(checkedPayloads).toBeGreaterThan(0);
  });

  it('finds nothing for a frame of another connection, and ends cleanly', () => {
    const name = 'node-tls12-ecdhe-aes128gcm';
    const capture = new Uint8Array(readFileSync(join(TLS, `${name}.pcap`)));
    const finder = new FrameCiphertextFinder(
      { connectionId: 99, direction: 'client', offset: 0, length: 10 },
      nodeTlsCrypto,
      [{ text: readFileSync(join(TLS, `${name}.keys`)), name: 'keys' }],
    );
    expect(finder.push(capture)).toBe(false);
    expect(finder.end()).toEqual([]);
  });
});
