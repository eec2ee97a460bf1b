// Reads the ground truth written by the programs that generated the shared fixtures
// (fixtures/shared/README.md): what was actually sent, independent of wsscope.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzeCapture,
  type CaptureAnalysis,
  type CaptureSession,
  type ConnectionRecord,
  type ReadyState,
} from '../../src/decoder/index.js';

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
export function intentDataMessages(c: CaptureConnection, dir: 'c2s' | 's2c'): ExpectedMessage[] {
  if (c.messages.length > 0 || !c.frames) return c.messages.filter((m) => m.dir === dir);
  const out: ExpectedMessage[] = [];
  let open: { opcode: number; frames: IntentFrame[] } | null = null;
  for (const f of c.frames) {
    if (f.dir !== dir || 'unparseable' in f || f.opcode >= 8) continue;
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

/** A data message as the ground truth says it was sent (sha256 null: compare the frames instead). */
export type ExpectedMessage = Omit<CaptureMessage, 'dir' | 'sha256'> & { sha256: string | null };

/**
 * The pongs of the ground truth that answer a ping (RFC 6455 §5.5.3: the same application data,
 * from the other side), in time order, with pong time minus ping time: where both have times.
 */
export function expectedRoundTrips(c: CaptureConnection): { by: 'client' | 'server'; hex: string; rtt: number }[] {
  const pings = { c2s: new Map<string, number>(), s2c: new Map<string, number>() };
  const out: { by: 'client' | 'server'; hex: string; rtt: number }[] = [];
  const timed = c.control.filter((x) => x.time !== undefined && (x.opcode === 9 || x.opcode === 10));
  for (const x of timed.sort((p, q) => (p.time ?? 0) - (q.time ?? 0))) {
    const time = x.time ?? 0;
    if (x.opcode === 9) {
      pings[x.dir].set(x.hex, time);
      continue;
    }
    const other = x.dir === 'c2s' ? 's2c' : 'c2s';
    const pingTime = pings[other].get(x.hex);
    if (pingTime === undefined) continue;
    pings[other].delete(x.hex);
    out.push({ by: x.dir === 'c2s' ? 'client' : 'server', hex: x.hex, rtt: time - pingTime });
  }
  return out;
}

/** What a decoder session is given (limits, TLS keys …), as CaptureSession takes it. */
export type CaptureSessionOptions = ConstructorParameters<typeof CaptureSession>[0];

/** `analyzeCapture` of a named capture, decoded once per test file however many tests read it. */
export function cachedAnalyses(
  read: (name: string) => Uint8Array,
  options?: (name: string) => CaptureSessionOptions | undefined,
): (name: string) => CaptureAnalysis {
  const cache = new Map<string, CaptureAnalysis>();
  return (name) => {
    let a = cache.get(name);
    if (!a) {
      a = analyzeCapture(read(name), options?.(name));
      cache.set(name, a);
    }
    return a;
  };
}

// The ground truth with what an analyzer must report, as fixtures/captures/ writes it
// (fixtures/README.md, "expect"); the shared fixtures use the same format without these additions.

export interface ConnectionExpect {
  kind?: ConnectionRecord['kind'];
  /** Codes that must be reported on this connection. */
  findings?: string[];
  /** Warning/error codes that may also be reported (consequences of the violation). */
  allowed?: string[];
  lifecycle?: ReadyState[];
  clean_close?: boolean;
  closed_by?: 'client' | 'server' | null;
  roles_guessed?: boolean;
  syn_seen?: boolean;
  /** 'suffix': the capture starts inside a frame, so only the frames after it are listed. */
  frames_match?: 'suffix';
  /** HTTP request/response pairs besides the upgrade (keep-alive requests, plain HTTP). */
  http_exchanges?: number;
}

export interface CaptureMessage extends IntentMessage {
  /** Seconds since the epoch of the packet that completed the message. */
  time?: number;
  /** False when the generator knows bytes of the message are not in the file. */
  complete?: boolean;
  /** The message is larger than the decoder's default message limit. */
  over_limit?: boolean;
}

export type CaptureFrame =
  | (IntentFrame & { complete?: boolean })
  | { dir: 'c2s' | 's2c'; unparseable: true; note: string };

export interface CaptureConnection extends Omit<IntentConnection, 'messages' | 'frames' | 'control'> {
  messages: CaptureMessage[];
  control: (IntentControl & { time?: number })[];
  frames?: CaptureFrame[];
  expect?: ConnectionExpect;
  violation?: string;
}

export interface CaptureIntent {
  capture: string;
  description: string;
  connections: CaptureConnection[];
  expect?: {
    /** Capture-level codes that must be reported. */
    findings?: string[];
    /** Connections the analyzer must show, when some are not listed (e.g. a browser's page load). */
    connections?: number;
    /** Capture-level warning/error codes that may be reported. */
    allowed?: string[];
  };
}

/**
 * The analyzer's connection for the intent's n-th connection on the same 4-tuple (port reuse
 * puts two on one tuple; the intent lists them in the order they were opened). Matching on
 * client and server ends also checks that the roles were assigned right.
 */
export function findConnection(
  a: CaptureAnalysis,
  intent: CaptureIntent,
  c: CaptureConnection,
): ConnectionRecord | undefined {
  const same = (x: CaptureConnection) =>
    x.client[0] === c.client[0] &&
    x.client[1] === c.client[1] &&
    x.server[0] === c.server[0] &&
    x.server[1] === c.server[1];
  const nth = intent.connections.filter(same).indexOf(c);
  const ours = a.connections.filter(
    (x) =>
      x.client.address === c.client[0] &&
      x.client.port === c.client[1] &&
      x.server.address === c.server[0] &&
      x.server.port === c.server[1],
  );
  return ours[nth];
}
