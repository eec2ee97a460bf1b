// ByteSink with long values and reused chunks (issue 13, the CLI's peak RSS): a value longer than a
// chunk is written in pieces, never into a chunk of its own size, and gives the same bytes as
// Node's own encoders; chunks the stream is done with are used again.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ByteSink } from '../../src/cli/byte-sink.js';
import { Output } from '../../src/cli/output.js';
import { mulberry32 } from '../helpers/rng.js';

const CHUNK = 256 * 1024;

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

/** Text of every kind of UTF-16 unit: ASCII, 2- and 3-byte characters, pairs, lone surrogates, controls. */
function mixedText(n: number, seed: number): string {
  const rng = mulberry32(seed);
  const units = ['a', 'é', '€', '😀', '\ud800', '\udfff', '"', '\\', '\n', '\u0085', '\u202e', '\u0001'];
  let s = '';
  while (s.length < n) s += units[Math.floor(rng() * units.length)] as string;
  return s;
}

function joined(sink: ByteSink): { bytes: Buffer; largest: number } {
  const chunks = sink.take();
  return { bytes: Buffer.concat(chunks), largest: Math.max(...chunks.map((c) => c.length)) };
}

describe('ByteSink: long values in pieces', () => {
  it('base64 of 1 MiB is Buffer’s base64, in chunks no larger than 256 KiB', () => {
    const payload = randomBytes(1024 * 1024 + 2, 1);
    const sink = new ByteSink();
    sink.ascii('x');
    sink.base64(payload);
    const { bytes, largest } = joined(sink);
    expect(bytes.toString('latin1')).toBe(`x${Buffer.from(payload).toString('base64')}`);
    expect(largest).toBeLessThanOrEqual(CHUNK);
  });

  it('UTF-8 of 600k units (pairs and lone surrogates across piece ends) is Buffer’s UTF-8', () => {
    for (const seed of [2, 3]) {
      const s = mixedText(600_000, seed);
      const sink = new ByteSink();
      sink.utf8(s);
      const { bytes, largest } = joined(sink);
      expect(bytes.equals(Buffer.from(s, 'utf8'))).toBe(true);
      expect(largest).toBeLessThanOrEqual(CHUNK);
    }
  });

  it('a long JSON string is JSON.stringify’s, with the spoofing escapes', () => {
    const s = mixedText(300_000, 4);
    const sink = new ByteSink();
    sink.jsonString(s);
    const { bytes, largest } = joined(sink);
    // The reference escapes C1 and bidi controls itself (safeJson is what is under test here).
    const escaped = JSON.stringify(s).replace(
      /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(bytes.toString('utf8')).toBe(escaped);
    expect(JSON.parse(bytes.toString('utf8'))).toBe(s);
    expect(largest).toBeLessThanOrEqual(CHUNK);
  });

  it('long hex, ASCII and raw bytes are copied whole', () => {
    const payload = randomBytes(300_000, 5);
    const ascii = 'abc'.repeat(200_000);
    const sink = new ByteSink();
    sink.hex(payload);
    sink.ascii(ascii);
    sink.bytes(payload);
    const { bytes, largest } = joined(sink);
    const hex = Buffer.from(payload).toString('hex');
    expect(bytes.subarray(0, hex.length).toString('latin1')).toBe(hex);
    expect(bytes.subarray(hex.length, hex.length + ascii.length).toString('latin1')).toBe(ascii);
    expect(bytes.subarray(hex.length + ascii.length).equals(Buffer.from(payload))).toBe(true);
    expect(largest).toBeLessThanOrEqual(CHUNK);
  });
});

/** A stream that copies what it is given, then says it is done with the chunk. */
function copyingStream(): { stream: Writable; written: Buffer[] } {
  const written: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, written };
}

async function writeRows(out: Output, rows: number): Promise<string> {
  let expected = '';
  for (let i = 0; i < rows; i++) {
    const line = `${i}:${'r'.repeat(1000 + (i % 7))}\n`;
    out.text(line);
    expected += line;
    // A flush per 100 rows (~100 KB), as the decode loop flushes per chunk read.
    if (i % 100 === 99) {
      await out.flush();
      // Let the stream's callbacks run, as the event loop does between reads.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await out.flush();
  return expected;
}

describe('Output: reused chunks', () => {
  it('with recycleChunks, the bytes are the same and a few chunks serve 20 MB', async () => {
    const { stream, written } = copyingStream();
    const out = new Output(stream, 'ndjson', { recycleChunks: true });
    const expected = await writeRows(out, 20_000);
    expect(Buffer.concat(written).toString('latin1')).toBe(expected);
    expect(out.sink.allocatedChunks).toBeLessThanOrEqual(4);
  });

  it('without it, every chunk is new: a stream may keep the very chunk it was given', async () => {
    const kept: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        kept.push(chunk);
        callback();
      },
    });
    const out = new Output(stream, 'ndjson');
    const expected = await writeRows(out, 2_000);
    expect(Buffer.concat(kept).toString('latin1')).toBe(expected);
    expect(out.sink.allocatedChunks).toBeGreaterThan(kept.length / 2);
  });
});
