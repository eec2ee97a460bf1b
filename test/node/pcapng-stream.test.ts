// PcapngStream (live capture output saved as pcapng with the key log inserted as Decryption
// Secrets Blocks) and KeyLogFollower (a key log read while it grows). The saved files are checked
// with tshark, an independent reader: it must decrypt them with no -o tls.keylog_file option, as
// it does the same packets with the key log given (fixtures/tls/X.oracle.json).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyLogFollower } from '../../src/node/keylog-follower.js';
import { findExecutable } from '../../src/node/live-capture.js';
import { decryptionSecretsBlock, PcapngStream, SECRETS_TYPE_TLS_KEY_LOG } from '../../src/node/pcapng-writer.js';
import { pieces, randomSplit } from '../helpers/chunking.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TLS = join(ROOT, 'fixtures', 'tls');
const tmp = mkdtempSync(join(tmpdir(), 'wsscope-pcapng-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tshark = findExecutable('tshark');

/** The pcap's packets as a live tool would deliver them: header and records in pieces of 1..700 bytes. */
function chunksOf(bytes: Uint8Array, seed: number): Uint8Array[] {
  return pieces(bytes, randomSplit(seed, 700));
}

/** tshark's WebSocket frames (frame number, opcode, payload length) with no key log option. */
function tsharkFrames(file: string, extra: string[] = []): string[] {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      ...extra,
      '-Y',
      'websocket',
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'websocket.opcode',
      '-e',
      'websocket.payload_length',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return out.split('\n').filter(Boolean);
}

describe('decryptionSecretsBlock', () => {
  it('lays out type 0x0000000A, TLSK, the length and the text padded to 32 bits (pcapng §4.7)', () => {
    const block = decryptionSecretsBlock('CLIENT_RANDOM ab cd\n');
    const view = new DataView(block.buffer);
    expect(view.getUint32(0, true)).toBe(0x0000000a);
    expect(view.getUint32(8, true)).toBe(0x544c534b);
    expect(SECRETS_TYPE_TLS_KEY_LOG).toBe(0x544c534b);
    expect(view.getUint32(12, true)).toBe(20);
    expect(block.length).toBe(40);
    expect(view.getUint32(4, true)).toBe(40);
    expect(view.getUint32(36, true)).toBe(40);
    const odd = decryptionSecretsBlock('x\n', false);
    expect(odd.length).toBe(24);
    expect(new DataView(odd.buffer).getUint32(0, false)).toBe(0x0000000a);
    expect([...odd.subarray(16, 20)]).toEqual([0x78, 0x0a, 0, 0]);
  });
});

describe.runIf(tshark)('PcapngStream on real wss recordings', () => {
  for (const name of ['node-tls13-aes128gcm-deflate', 'node-tls12-ecdhe-chacha20', 'python-tls13-deflate']) {
    it(`${name}: a pcap in random pieces plus its key log, read by tshark with no key option`, () => {
      const pcap = new Uint8Array(readFileSync(join(TLS, `${name}.pcap`)));
      const keys = readFileSync(join(TLS, `${name}.keys`), 'utf8');
      const lines = keys.split(/(?<=\n)/);
      const stream = new PcapngStream();
      const out: Uint8Array[] = [];
      // The key lines arrive over the first pieces, as a server writes them during its handshake.
      chunksOf(pcap, pcap.length).forEach((chunk, i) => {
        out.push(stream.push(chunk, i < lines.length ? lines[i] : ''));
      });
      const file = join(tmp, `${name}.pcapng`);
      writeFileSync(file, Buffer.concat(out));
      const withKeys = tsharkFrames(join(TLS, `${name}.pcap`), ['-o', `tls.keylog_file:${join(TLS, `${name}.keys`)}`]);
      expect(withKeys.length).toBeGreaterThan(0);
      expect(tsharkFrames(file)).toEqual(withKeys);
      // The same packets as tcpdump wrote them.
      const packets = (f: string) =>
        execFileSync(
          'tshark',
          ['-r', f, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'tcp.seq_raw'],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
      expect(packets(file)).toBe(packets(join(TLS, `${name}.pcap`)));
    });
  }

  it('keys that arrive after the last packet are still saved, as a last DSB', () => {
    // (tshark, even with -2, applies a DSB only to the packets after it: hence keys first.)
    const pcap = new Uint8Array(readFileSync(join(TLS, 'node-tls13-chacha20-deflate.pcap')));
    const keys = readFileSync(join(TLS, 'node-tls13-chacha20-deflate.keys'), 'utf8');
    const stream = new PcapngStream();
    const saved = Buffer.concat([stream.push(pcap), stream.push(new Uint8Array(0), keys), stream.end()]);
    const tail = decryptionSecretsBlock(keys);
    expect(saved.subarray(saved.length - tail.length).equals(Buffer.from(tail))).toBe(true);
  });

  it('holds packets for holdMs so a secret logged just after them still goes first (TLS 1.2)', () => {
    // A TLS 1.2 server logs its master secret after the client's CCS + Finished arrived; tshark
    // needs it before that packet. Keys pushed 10 ms after the last packet, hold 1 s: all decrypt.
    const name = 'node-tls12-ecdhe-aes128gcm';
    const pcap = new Uint8Array(readFileSync(join(TLS, `${name}.pcap`)));
    const stream = new PcapngStream(1000);
    const out: Uint8Array[] = [];
    const chunks = chunksOf(pcap, 3);
    chunks.forEach((chunk, i) => {
      out.push(stream.push(chunk, '', 1_000_000 + i));
    });
    out.push(
      stream.push(new Uint8Array(0), readFileSync(join(TLS, `${name}.keys`), 'utf8'), 1_000_000 + chunks.length + 10),
    );
    out.push(stream.end());
    const file = join(tmp, 'held.pcapng');
    writeFileSync(file, Buffer.concat(out));
    const withKeys = tsharkFrames(join(TLS, `${name}.pcap`), ['-o', `tls.keylog_file:${join(TLS, `${name}.keys`)}`]);
    expect(withKeys.length).toBeGreaterThan(0);
    expect(tsharkFrames(file)).toEqual(withKeys);
  });

  it('passes pcapng input through unchanged, block for block, in either byte order', () => {
    for (const f of ['d_dumpcap_lo.pcapng', 'h_pcapng_be_multi.pcapng']) {
      const bytes = new Uint8Array(readFileSync(join(ROOT, 'fixtures', 'captures', f)));
      const stream = new PcapngStream();
      const out = Buffer.concat(chunksOf(bytes, 7).map((c) => stream.push(c)));
      expect(out.equals(Buffer.from(bytes)), f).toBe(true);
      // With keys: one DSB in the section's byte order, the file still valid for tshark.
      const keyed = new PcapngStream();
      const withKeys = Buffer.concat(
        chunksOf(bytes, 9).map((c, i) => keyed.push(c, i === 0 ? 'CLIENT_RANDOM 00 11\n' : '')),
      );
      expect(withKeys.length).toBe(bytes.length + 40);
      const file = join(tmp, `keyed-${f}`);
      writeFileSync(file, withKeys);
      expect(() => execFileSync('tshark', ['-r', file, '-c', '1'], { stdio: 'ignore' })).not.toThrow();
    }
  });
});

describe('KeyLogFollower', () => {
  it('returns whole lines as they are appended, holds a partial last line, and reads a replaced file again', () => {
    const path = join(tmp, 'sslkeylog.txt');
    const f = new KeyLogFollower(path);
    expect(f.poll()).toBe(''); // not there yet
    expect(f.exists()).toBe(false);
    writeFileSync(path, '# comment\nCLIENT_RANDOM aa bb\nSERVER_HANDSHAKE_TRAFFIC_SECRET cc ');
    expect(f.poll()).toBe('# comment\nCLIENT_RANDOM aa bb\n');
    expect(f.poll()).toBe('');
    appendFileSync(path, 'dd\r\nCLIENT_TRAFFIC_SECRET_0 ee ff\n');
    expect(f.poll()).toBe('SERVER_HANDSHAKE_TRAFFIC_SECRET cc dd\r\nCLIENT_TRAFFIC_SECRET_0 ee ff\n');
    appendFileSync(path, 'EXPORTER_SECRET 11 22');
    expect(f.rest()).toBe('EXPORTER_SECRET 11 22\n');
    // Replaced by a new, shorter file (a server restarted with the same SSLKEYLOGFILE).
    rmSync(path);
    writeFileSync(path, 'CLIENT_RANDOM 33 44\n');
    expect(f.poll()).toBe('CLIENT_RANDOM 33 44\n');
    writeFileSync(path, 'CLIENT_RANDOM 5 6\n'); // truncated and rewritten in place, shorter
    expect(f.poll()).toBe('CLIENT_RANDOM 5 6\n');
    expect(f.exists()).toBe(true);
  });
});
