// Reads the ground truth written by the programs that generated the shared fixtures
// (fixtures/shared/README.md): what was actually sent, independent of wsscope.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/decoder/index.js';

export const SHARED_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'shared');

export interface IntentMessage {
  dir: 'c2s' | 's2c';
  opcode: number;
  length: number;
  sha256: string;
  text64?: string;
  hex32?: string;
  fragments?: number;
}
export interface IntentControl {
  dir: 'c2s' | 's2c';
  opcode: number;
  length: number;
  hex: string;
  close_code?: number;
  close_reason?: string;
}
export interface IntentFrame {
  dir: 'c2s' | 's2c';
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  masking_key: string | null;
  payload_length: number;
  sha256: string;
}
export interface IntentConnection {
  client: [string, number];
  server: [string, number];
  order: number;
  path?: string;
  messages: IntentMessage[];
  control: IntentControl[];
  frames?: IntentFrame[];
  frames_dirs?: ('c2s' | 's2c')[];
  extensions?: string[];
  subprotocol?: string | null;
  request_headers?: Record<string, string>;
  response_headers?: Record<string, string>;
}
export interface Intent {
  capture: string;
  description: string;
  connections: IntentConnection[];
  notes?: string[];
}

/** The capture files (.pcap, .pcapng) in a fixture folder, sorted. */
export function listCapturesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .sort();
}

/** A capture file's bytes, and its `.intent.json` ground truth. */
export function readCaptureIn(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, name)));
}

export function readIntentIn<T>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, `${name}.intent.json`), 'utf8')) as T;
}

export const listFixtures = (): string[] => listCapturesIn(SHARED_FIXTURES);
export const readFixture = (name: string): Uint8Array => readCaptureIn(SHARED_FIXTURES, name);
export const readIntent = (name: string): Intent => readIntentIn<Intent>(SHARED_FIXTURES, name);

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * The data messages a connection carried per direction, in order. Where the generator wrote
 * exact frames instead of messages (the 07* captures), they are defragmented here from the
 * frame list, which the generator wrote itself.
 */
export function intentDataMessages(
  c: IntentConnection,
  dir: 'c2s' | 's2c',
): { opcode: number; sha256: string | null; length: number }[] {
  if (c.messages.length > 0 || !c.frames) {
    return c.messages
      .filter((m) => m.dir === dir)
      .map((m) => ({ opcode: m.opcode, sha256: m.sha256, length: m.length }));
  }
  const out: { opcode: number; sha256: string | null; length: number }[] = [];
  let open: { opcode: number; frames: IntentFrame[] } | null = null;
  for (const f of c.frames.filter((x) => x.dir === dir)) {
    if (f.opcode >= 8) continue;
    if (f.opcode === 0) {
      if (!open) continue;
      open.frames.push(f);
    } else {
      open = { opcode: f.opcode, frames: [f] };
    }
    if (f.fin && open) {
      const single = open.frames.length === 1;
      out.push({
        opcode: open.opcode,
        // The hash of a multi-frame message is not in the intent; compare it frame by frame instead.
        sha256: single ? open.frames[0].sha256 : null,
        length: open.frames.reduce((n, x) => n + x.payload_length, 0),
      });
      open = null;
    }
  }
  return out;
}

/** `analyzeCapture` of a named capture, decoded once per test file however many tests read it. */
export function cachedAnalyses(read: (name: string) => Uint8Array): (name: string) => CaptureAnalysis {
  const cache = new Map<string, CaptureAnalysis>();
  return (name) => {
    let a = cache.get(name);
    if (!a) {
      a = analyzeCapture(read(name));
      cache.set(name, a);
    }
    return a;
  };
}
