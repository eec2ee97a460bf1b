// Validation of every value that reaches a shell from the renderer (IPC) or the network (HTTP).
//
// Rules: the renderer is not trusted. A value is checked for type, range and form before anything
// acts on it, and a bad one is rejected with an InvalidArgumentError whose message says which value
// was wrong (`invalid port 70000; expected an integer 1-65535`). Both shells use these checks, so the
// desktop app and browser mode accept exactly the same inputs.
//
// No Electron here (the server shares it).

import { extname, isAbsolute } from 'node:path';
import { CAPTURE_EXTENSIONS } from '../shared/ipc.js';

export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

export { CAPTURE_EXTENSIONS };

/** Loopback interface name per platform; live captures default to it. */
export function defaultInterface(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' || platform.endsWith('bsd') ? 'lo0' : 'lo';
}

// Interface names as tcpdump/dumpcap take them: "lo", "eth0", "enp0s31f6", "br-1a2b", "vlan.10",
// "any". A name never starts with "-", so it can never be read as an option of the capture tool.
const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,31}$/;

// Stream ids are what randomUUID() makes; anything else cannot be one of ours.
const STREAM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longest window title we accept; longer ones are cut. */
const TITLE_MAX = 200;

export interface LiveOptions {
  port: number;
  iface: string;
  /** An NSS key log the capture follows (absolute path on the capturing machine), if given. */
  keyLog?: string;
}

/** Checks the renderer's LiveCaptureOptions ({port, interface?}). */
export function parseLiveOptions(value: unknown, platform: NodeJS.Platform = process.platform): LiveOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`invalid live capture options ${describe(value)}; expected {port, interface?}`);
  }
  const { port, interface: iface, keyLog } = value as Record<string, unknown>;
  const options: LiveOptions = {
    port: parsePort(port),
    iface: iface === undefined ? defaultInterface(platform) : parseInterface(iface),
  };
  if (keyLog !== undefined && keyLog !== null && keyLog !== '') options.keyLog = parseKeyLogPath(keyLog);
  return options;
}

/**
 * A key log path for a live capture: a path string (parsePathArgument's rules) and absolute, since
 * the shell's working directory means nothing to the user typing it. The file may not exist yet:
 * a dev server started after the capture creates it (KeyLogFollower waits for it).
 */
export function parseKeyLogPath(value: unknown): string {
  const path = parsePathArgument(value);
  if (!isAbsolute(path)) {
    throw new InvalidArgumentError(`invalid key log path ${describe(value)}; expected an absolute path`);
  }
  return path;
}

export function parsePort(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidArgumentError(`invalid port ${describe(value)}; expected an integer 1-65535`);
  }
  return value;
}

export function parseInterface(value: unknown): string {
  if (typeof value !== 'string' || !INTERFACE_NAME.test(value)) {
    throw new InvalidArgumentError(`invalid interface ${describe(value)}; expected a name like "lo" or "eth0"`);
  }
  return value;
}

/** Checks that `value` looks like a stream id; whether it is a live one is the registry's business. */
export function parseStreamId(value: unknown): string {
  if (typeof value !== 'string' || !STREAM_ID.test(value)) {
    throw new InvalidArgumentError(`invalid stream id ${describe(value)}`);
  }
  return value;
}

/**
 * Most bytes one ranged read may ask for, in both shells (Electron's stream.readRange and the
 * browser-mode server's Range answers): the app asks for at most 8 MiB at a time, plus a frame
 * piece (src/renderer/worker/file-payloads.ts MAX_READ).
 */
export const MAX_RANGE_BYTES = 64 * 1024 * 1024;

/**
 * Bytes [start, end) of a capture of `size` bytes, as the renderer asks for them (Electron's
 * stream.readRange): two integers, 0 <= start <= end <= size, at most `maxBytes` apart.
 */
export function parseByteRange(
  start: unknown,
  end: unknown,
  size: number,
  maxBytes = MAX_RANGE_BYTES,
): { offset: number; length: number } {
  for (const [what, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new InvalidArgumentError(`invalid range ${what} ${describe(value)}; expected an integer from 0`);
    }
  }
  const [from, to] = [start as number, end as number];
  if (to < from) throw new InvalidArgumentError(`invalid range ${from}-${to}: it ends before it starts`);
  if (to - from > maxBytes) {
    throw new InvalidArgumentError(`range ${from}-${to} is ${to - from} bytes; at most ${maxBytes} at a time`);
  }
  if (to > size) throw new InvalidArgumentError(`range ${from}-${to} is past the end of the capture (${size} bytes)`);
  return { offset: from, length: to - from };
}

/** A path string as the renderer may send it back (a dropped file's or a recent file's). */
export function parsePathArgument(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0')) {
    throw new InvalidArgumentError(`invalid path ${describe(value)}`);
  }
  return value;
}

export function hasCaptureExtension(path: string): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  return (CAPTURE_EXTENSIONS as readonly string[]).includes(ext);
}

/** A window title: a string, control characters removed, at most TITLE_MAX characters. */
export function parseTitle(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(`invalid title ${describe(value)}`);
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, TITLE_MAX);
}

/** A short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Array.isArray(value) ? 'array' : typeof value;
}
