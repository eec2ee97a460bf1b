// A live capture given a key log path (the app's live form, browser mode and Electron alike): the
// session's stream must carry the key log's lines as pcapng Decryption Secrets Blocks, so the UI's
// decoder decrypts it with no other key channel and the saved capture stands alone. Input: a real
// wss capture (fixtures/tls, Node TLS 1.2 AES-128-GCM) replayed by a fake capture tool while its
// key log file appears only halfway. Truth: the fixture's oracle (tshark with the key log) and
// tshark reading the session's bytes with no key option.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { findExecutable } from '../../../src/node/live-capture.js';
import type { LiveCaptureStartOptions } from '../../../src/node/streams/live-session.js';
import { LiveSession, liveName } from '../../../src/node/streams/live-session.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { parseLiveOptions } from '../../../src/node/validate.js';

const TLS = join(import.meta.dirname, '../../../fixtures/tls');
const NAME = 'node-tls12-ecdhe-aes128gcm';
const tshark = findExecutable('tshark');

function fake() {
  let started: LiveCaptureStartOptions | null = null;
  return {
    get options() {
      return started!;
    },
    start(options: LiveCaptureStartOptions) {
      started = options;
      return { pid: 1, ready: Promise.resolve(), stop: async () => {} };
    },
  };
}

describe('parseLiveOptions: key log path', () => {
  it('takes an absolute path, and no key log when absent or empty', () => {
    expect(parseLiveOptions({ port: 8443, keyLog: '/tmp/keys.log' }, 'linux')).toEqual({
      port: 8443,
      iface: 'lo',
      keyLog: '/tmp/keys.log',
    });
    expect(parseLiveOptions({ port: 8443, keyLog: '' }, 'linux')).toEqual({ port: 8443, iface: 'lo' });
    expect(parseLiveOptions({ port: 8443, keyLog: null }, 'linux')).toEqual({ port: 8443, iface: 'lo' });
  });

  it.each([
    ['keys.log', 'invalid key log path "keys.log"; expected an absolute path'],
    [42, 'invalid path 42'],
    ['/tmp/a\0b', 'invalid path'],
    [['/tmp/k'], 'invalid path array'],
  ])('rejects %j with one clear line', (keyLog, message) => {
    expect(() => parseLiveOptions({ port: 8443, keyLog }, 'linux')).toThrow(message);
  });
});

describe('LiveSession with a key log', () => {
  it('streams pcapng with the key log lines as DSBs; it decrypts with no key option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-live-keys-'));
    const keyLog = join(dir, 'keys.log');
    const pcap = new Uint8Array(readFileSync(join(TLS, `${NAME}.pcap`)));
    // What the generator sent (its intent file) and what tshark decoded with the key log (oracle).
    const intent = JSON.parse(readFileSync(join(TLS, `${NAME}.pcap.intent.json`), 'utf8')) as {
      connections: { messages: { opcode: number; sha256: string }[] }[];
    };
    const sent = intent.connections.flatMap((c) => c.messages.map((m) => `${m.opcode} ${m.sha256}`)).sort();
    const oracle = JSON.parse(readFileSync(join(TLS, `${NAME}.oracle.json`), 'utf8')) as {
      websocket_frames: { frame: number }[];
    };
    const capture = fake();
    const session = new LiveSession('x', { port: 18604, iface: 'lo', keyLog });
    expect(liveName(session.options)).toBe('live: lo port 18604 + key log');
    await session.start((o) => capture.start(o));
    // The first packets come before the key log exists (the server starts after the capture).
    const half = Math.floor(pcap.length / 2);
    capture.options.onBytes(pcap.slice(0, 24 + 1000));
    writeFileSync(keyLog, readFileSync(join(TLS, `${NAME}.keys`)));
    capture.options.onBytes(pcap.slice(24 + 1000, half));
    capture.options.onBytes(pcap.slice(half));
    await session.stop();

    const saved = session.buffer.bytes();
    expect(Buffer.from(saved.subarray(0, 4)).toString('hex')).toBe('0a0d0d0a');
    // A DSB (block type 10) with secrets type TLSK is in the stream.
    expect(Buffer.from(saved).includes(Buffer.from('TLSK', 'latin1').reverse())).toBe(true);
    // Our decoder, given no key log, decrypts every data message the generator sent.
    const analysis = analyzeCapture(saved, { tls: { crypto: nodeTlsCrypto } });
    const got = analysis.messages
      .filter((m) => m.opcode === 1 || m.opcode === 2)
      .map((m) => `${m.opcode} ${createHash('sha256').update(m.payload).digest('hex')}`)
      .sort();
    expect(got).toEqual(sent);
    if (tshark) {
      const file = join(dir, 'saved.pcapng');
      writeFileSync(file, saved);
      // tshark, with no key option, finds WebSocket frames in the same packets as with the keys.
      const out = execFileSync('tshark', ['-r', file, '-Y', 'websocket', '-T', 'fields', '-e', 'frame.number'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const packets = out.split('\n').filter(Boolean).length;
      expect(packets).toBe(new Set(oracle.websocket_frames.map((f) => f.frame)).size);
    }
  });

  it('ends the stream with a clear error when the tool writes neither pcap nor pcapng', async () => {
    const capture = fake();
    const session = new LiveSession('y', { port: 1, iface: 'lo', keyLog: '/nonexistent/keys.log' });
    await session.start((o) => capture.start(o));
    capture.options.onBytes(new TextEncoder().encode('garbage, not a capture at all'));
    await session.stop();
    expect(session.buffer.isEnded).toBe(true);
    expect(String(session.buffer.error)).toContain('neither pcap nor pcapng');
  });
});
