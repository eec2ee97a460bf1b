// Words and numbers as the UI shows them: directions, opcodes, times, sizes, endpoints.
// One place so the table, the timeline and the detail panes never disagree.

import type { Direction, FrameType } from '../../decoder/index.js';

export { endpointText } from '../../decoder/index.js';

export const DIRECTION_ARROW: Readonly<Record<Direction, string>> = { client: '→', server: '←' };
export const DIRECTION_LABEL: Readonly<Record<Direction, string>> = {
  client: 'client → server',
  server: 'server → client',
};

export type TimeMode = 'relative' | 'absolute';

/** Relative: seconds since `origin` with ms precision. Absolute: wall clock HH:MM:SS.ffffff (UTC). */
export function formatTime(time: number, mode: TimeMode, origin: number): string {
  if (mode === 'relative') return (time - origin).toFixed(6);
  const d = new Date(Math.floor(time * 1000));
  const micros = Math.round((time - Math.floor(time)) * 1e6)
    .toString()
    .padStart(6, '0');
  return `${d.toISOString().slice(11, 19)}.${micros}`;
}

export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 1e-3) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (abs < 1) return `${(seconds * 1e3).toFixed(abs < 0.01 ? 2 : 1)} ms`;
  if (abs < 120) return `${seconds.toFixed(2)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** One formatter for every count: toLocaleString makes a new one per call (slow per row). */
const COUNT = new Intl.NumberFormat('en-US');

/** 1000002 → "1,000,002": counts that learners can read at a glance. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Colours of message types, shared by the timeline legend, marks and table chips (CSS vars). */
export const TYPE_COLOR_VAR: Readonly<Record<FrameType, string>> = {
  text: 'var(--c-text)',
  binary: 'var(--c-binary)',
  ping: 'var(--c-ping)',
  pong: 'var(--c-pong)',
  close: 'var(--c-close)',
  reserved: 'var(--c-error)',
  continuation: 'var(--c-cont)',
};
