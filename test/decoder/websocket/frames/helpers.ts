// Test-only helpers for the frame layer: the frame writer of test/helpers (independent of the
// parser), seeded random bytes, runners that feed a FrameParser a script of bytes and gaps in any chunking (the shared
// harness of test/helpers/chunking.ts), and the shared byte helpers of test/helpers (concat, hex
// both ways) under the names the frame tests use.

import type { Direction } from '../../../../src/decoder/records.js';
import {
  FrameParser,
  type ParsedFrame,
  type RsvAllowed,
  type StreamEvent,
} from '../../../../src/decoder/websocket/frames/index.js';
import { byteByByte, chunking, pieces, type Split, sameUnderChunking, whole } from '../../../helpers/chunking.js';
import { hex as toHex } from '../../../helpers/intent.js';
import { mulberry32 } from '../../../helpers/rng.js';

export { type FrameSpec, frame, text } from '../../../helpers/frame-writer.js';
export { concat, hex as hexBytes } from '../../../helpers/pcap-writer.js';
export { byteByByte, chunking, toHex };

/** n seeded random bytes (the shared PRNG, test/helpers/rng.ts). */
export function randomBytes(n: number, seed: number): Uint8Array {
  const r = mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

export interface ParserSetup {
  direction: Direction;
  maxFramePayload?: number;
  rsvAllowed?: RsvAllowed;
  synchronized?: boolean;
}

export function makeParser(setup: ParserSetup): FrameParser {
  return new FrameParser({
    direction: setup.direction,
    limits: { maxFramePayload: setup.maxFramePayload ?? 64 * 1024 * 1024 },
    rsvAllowed: setup.rsvAllowed ?? 'unknown',
    synchronized: setup.synchronized,
  });
}

/** A stream script: bytes (contiguous from the running offset) and gaps. */
export type Step = { bytes: Uint8Array } | { gap: number };

export interface RunResult {
  frames: ParsedFrame[];
  events: StreamEvent[];
}

function drain(p: FrameParser, out: RunResult): void {
  for (let f = p.next(); f !== null; f = p.next()) out.frames.push(f);
  out.events.push(...p.takeStreamEvents());
}

/** Feed the script, cutting every bytes step with `split` (returns chunk sizes). */
export function run(setup: ParserSetup, steps: Step[], split: Split = whole): RunResult {
  const p = makeParser(setup);
  const out: RunResult = { frames: [], events: [] };
  let offset = 0;
  for (const step of steps) {
    if ('gap' in step) {
      p.gap(offset, step.gap);
      offset += step.gap;
      drain(p, out);
      continue;
    }
    let o = 0;
    for (const piece of pieces(step.bytes, split)) {
      p.push(piece, offset + o);
      o += piece.length;
      drain(p, out);
    }
    offset += step.bytes.length;
  }
  p.end();
  drain(p, out);
  return out;
}

/** The script run whole, byte by byte (up to 20 kB) and in the shared random splits; all must agree. */
export function runAllChunkings(setup: ParserSetup, steps: Step[]): RunResult {
  const size = steps.reduce((n, s) => n + ('bytes' in s ? s.bytes.length : 0), 0);
  return sameUnderChunking((split) => run(setup, steps, split), { size, view: summary });
}

/** A comparable rendering of a run (bytes as hex). */
export function summary(r: RunResult): unknown {
  return {
    frames: r.frames.map((f) => ({
      ...f,
      header: toHex(f.header),
      payload: toHex(f.payload),
      maskingKey: f.maskingKey === null ? null : toHex(f.maskingKey),
    })),
    events: r.events,
  };
}

export const codes = (f: ParsedFrame): string[] => f.problems.map((p) => p.code);
