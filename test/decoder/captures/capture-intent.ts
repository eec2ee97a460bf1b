// Ground truth for the captures in fixtures/captures/ (fixtures/README.md): the shared
// `.intent.json` format (fixtures/shared/README.md) written by the generator scripts in
// fixtures/gen/, plus an `expect` block per connection and per capture saying what an analyzer
// must report. Every expected value here comes from the generator, never from wsscope.
import { join } from 'node:path';
import type { CaptureAnalysis, ConnectionRecord, ReadyState } from '../../../src/decoder/index.js';
import {
  type IntentConnection,
  type IntentControl,
  type IntentFrame,
  type IntentMessage,
  listCapturesIn,
  readCaptureIn,
  readIntentIn,
} from '../../helpers/intent.js';

export const CAPTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'captures');

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

export const listCaptures = (): string[] => listCapturesIn(CAPTURES);
export const readCapture = (name: string): Uint8Array => readCaptureIn(CAPTURES, name);
export const readCaptureIntent = (name: string): CaptureIntent => readIntentIn<CaptureIntent>(CAPTURES, name);

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
