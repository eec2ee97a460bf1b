// What a caller that prints each drain at once sees of a decode, for chunking and fuzz tests:
// every event serialized when it is drained (a record patched later shows up as a difference),
// payloads as length and checksum, and the last snapshot per connection (snapshots are sent when
// something changed, which depends on where the input was cut by design).

import { CaptureSession, type DecoderEvent, type SessionOptions } from '../../src/decoder/index.js';
import { pieces, type Split } from './chunking.js';
import { mulberry32 } from './rng.js';

/** Bytes as length and a checksum: enough to see a difference, small enough to compare. */
function replacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ (value[i] as number), 0x01000193);
  return `bytes:${value.length}:${(h >>> 0).toString(16)}`;
}

/** What a streaming caller sees: events serialized at drain time, last snapshot per connection. */
export function asStreamed(
  bytes: Uint8Array,
  split: Split,
  options: SessionOptions = {},
): { events: string[]; connections: string[] } {
  const session = new CaptureSession({ frameFields: false, ...options });
  const events: string[] = [];
  const last = new Map<number, string>();
  const take = (drained: DecoderEvent[]) => {
    for (const ev of drained) {
      if (ev.kind === 'connection') last.set(ev.connection.id, JSON.stringify(ev.connection, replacer));
      else events.push(JSON.stringify(ev, replacer));
    }
  };
  for (const piece of pieces(bytes, split)) {
    session.push(piece);
    take(session.drain());
  }
  session.endAndDrain(take);
  take(session.drain());
  return { events, connections: [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v) };
}

/** A damaged copy: cut at a seeded point and a few bytes overwritten after the file header. */
export function damaged(bytes: Uint8Array, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const cut = bytes.slice(0, Math.max(24, Math.floor(bytes.length * (0.5 + random() / 2))));
  for (let i = 0; i < 8; i++) cut[24 + Math.floor(random() * (cut.length - 24))] = Math.floor(random() * 256);
  return cut;
}
