// The CLI's byte-level JSON writers (byte-sink.ts, json-rows.ts) against the reference they
// replace: JSON.stringify of the contract objects in records.ts, UTF-8 encoded by Buffer.
//
// - ByteSink pieces (numbers, JSON strings, base64, hex) on edge values and random input.
// - Every frame, message and finding of every fixture capture, written both ways, byte for byte.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink } from '../../src/cli/byte-sink.js';
import { writeFindingJson, writeFrameJson, writeMessageJson } from '../../src/cli/json-rows.js';
import { findingJson, frameJson, messageJson } from '../../src/cli/records.js';
import { CaptureSession, type Finding, type FrameRecord, type MessageRecord } from '../../src/decoder/index.js';
import { listCapturesIn, readCaptureIn, SHARED_FIXTURES } from '../helpers/intent.js';
import { ROOT } from './helpers.js';

/** What the sink holds after `write`, as one Buffer. */
function bytesOf(write: (sink: ByteSink) => void): Buffer {
  const sink = new ByteSink();
  write(sink);
  return Buffer.concat(sink.take());
}

/**
 * JSON.stringify's text with C1 controls and bidi overrides/isolates as \u escapes, the way the
 * sink writes them (issue 15, terminal spoofing): the same JSON value. Without this a random string
 * holding U+0080–U+009F made the property below fail now and then.
 */
const reference = (value: unknown): Buffer =>
  Buffer.from(
    JSON.stringify(value).replace(
      /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
    'utf8',
  );

/** Byte equality; toEqual on Buffers compares element by element, far too slow for payloads. */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  expect(actual.toString('utf8')).toBe(expected.toString('utf8'));
  expect(actual.toString('hex')).toBe(expected.toString('hex'));
}

describe('ByteSink', () => {
  it('writes numbers as JSON.stringify does', () => {
    const values = [
      0,
      -0,
      1,
      9,
      10,
      99,
      100,
      4294967295,
      4294967296,
      Number.MAX_SAFE_INTEGER,
      2 ** 64,
      -1,
      -4294967296,
      0.5,
      1763800000.00221,
      1e21,
      1e-7,
      -1.5e-300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    for (const n of values) expect(bytesOf((s) => s.number(n)).toString(), String(n)).toBe(JSON.stringify(n));
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.nat(), fc.integer()), (n) => {
        expect(bytesOf((s) => s.number(n)).toString()).toBe(JSON.stringify(n));
      }),
    );
  });

  it('escapes strings as JSON.stringify does, lone surrogates and controls included', () => {
    const cases = [
      '',
      'plain ascii',
      'quote " backslash \\ slash /',
      '\b\f\n\r\t\u0000\u0001\u001f\u007f',
      '\u2028\u2029 é € 東京 🙂',
      '\ud800 lone high, lone low \udc00, reversed \udc00\ud800, at end \ud83d',
      'x'.repeat(300) + '\n🙂\ud800', // past the native threshold
      'csi \u009b31m, override \u202e, isolate \u2066x\u2069, nbsp \u00a0', // escaped, but for nbsp
    ];
    for (const s of cases)
      expectSameBytes(
        bytesOf((sink) => sink.jsonString(s)),
        reference(s),
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        expectSameBytes(
          bytesOf((sink) => sink.jsonString(s)),
          reference(s),
        );
      }),
    );
  });

  it('encodes text as UTF-8 as Buffer does, lone surrogates as U+FFFD', () => {
    const cases = ['', 'ascii', 'é € 東京 🙂', '\ud800 \udc00 \udc00\ud800 end \ud83d', 'y'.repeat(300) + '🙂'];
    for (const s of cases)
      expectSameBytes(
        bytesOf((sink) => sink.text(s)),
        Buffer.from(s, 'utf8'),
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        expectSameBytes(
          bytesOf((sink) => sink.text(s)),
          Buffer.from(s, 'utf8'),
        );
      }),
    );
  });

  it('encodes base64 and hex as Buffer does, on both sides of the native threshold', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.nat(3), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        const buffer = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
        expect(bytesOf((s) => s.base64(view)).toString()).toBe(buffer.toString('base64'));
        expect(bytesOf((s) => s.hex(view)).toString()).toBe(buffer.toString('hex'));
      }),
    );
  });

  it('keeps bytes in order across chunks, and values larger than a chunk whole', () => {
    const big = 'é'.repeat(200_000); // 400,000 bytes of UTF-8: more than one chunk
    const parts = ['start ', big, ' middle ', 'a'.repeat(300_000), ' end'];
    const sink = new ByteSink();
    for (const p of parts) sink.utf8(p);
    expect(sink.length).toBe(Buffer.byteLength(parts.join('')));
    expect(Buffer.concat(sink.take()).toString()).toBe(parts.join(''));
    expect(sink.length).toBe(0);
    expect(sink.take()).toEqual([]);
  });
});

interface Records {
  frames: FrameRecord[];
  messages: MessageRecord[];
  findings: Finding[];
}

function decode(bytes: Uint8Array): Records {
  const session = new CaptureSession();
  const records: Records = { frames: [], messages: [], findings: [] };
  const take = (): void => {
    for (const e of session.drain()) {
      if (e.kind === 'frame') records.frames.push(e.frame);
      else if (e.kind === 'message') records.messages.push(e.message);
      else if (e.kind === 'finding') records.findings.push(e.finding);
    }
  };
  for (let at = 0; at < bytes.length; at += 64 * 1024) {
    session.push(bytes.subarray(at, at + 64 * 1024));
    take();
  }
  session.end();
  take();
  return records;
}

/**
 * JSON.stringify of the contract object, except a length beyond 2^53 - 1: JSON.stringify rounds
 * it, the writer prints the exact 64-bit integer of the header (RFC 6455 §5.2: bytes 2-9).
 */
function frameReference(f: FrameRecord): Buffer {
  const text = JSON.stringify(frameJson(f));
  if (f.payloadLength <= Number.MAX_SAFE_INTEGER) return Buffer.from(text, 'utf8');
  let exact = 0n;
  for (let i = 2; i < 10; i++) exact = (exact << 8n) | BigInt(f.header[i] as number);
  return Buffer.from(text.replace(`"length":${f.payloadLength},`, `"length":${exact},`), 'utf8');
}

const captures = [
  ...listCapturesIn(`${ROOT}/fixtures/captures`).map((name) => ({ dir: `${ROOT}/fixtures/captures`, name })),
  ...listCapturesIn(SHARED_FIXTURES).map((name) => ({ dir: SHARED_FIXTURES, name })),
  { dir: `${ROOT}/fixtures`, name: 'sample.pcap' },
];

describe('JSON rows are byte for byte JSON.stringify of the contract objects', () => {
  it.each(captures)('$name', ({ dir, name }) => {
    const { frames, messages, findings } = decode(readCaptureIn(dir, name));
    expect(frames.length + messages.length + findings.length).toBeGreaterThan(0);
    for (const f of frames)
      expectSameBytes(
        bytesOf((s) => writeFrameJson(s, f)),
        frameReference(f),
      );
    for (const m of messages)
      expectSameBytes(
        bytesOf((s) => writeMessageJson(s, m)),
        reference(messageJson(m)),
      );
    for (const f of findings)
      expectSameBytes(
        bytesOf((s) => writeFindingJson(s, f)),
        reference(findingJson(f)),
      );
  });
});
