// A shard's reply carries its records' bytes (frames' payload, header and masking key, messages'
// payload) in one transferred buffer instead of inside the cloned records: a clone copies each
// view's whole ArrayBuffer, and payloads are views into reused blocks and slabs many times their
// size. The records go with those fields null; unpackPayloads puts views of the buffer back, in
// the same walk order.

import type { DecoderEvent } from '../records.js';
import type { ShardGroup } from './shard-core.js';

type Outputs = readonly (ShardGroup | ShardGroup[])[];

function* eventsOf(outputs: Outputs): Generator<DecoderEvent> {
  for (const out of outputs) {
    if (Array.isArray(out)) {
      for (const g of out) yield* g.events;
    } else yield* out.events;
  }
}

// The fields are typed non-null; between pack and unpack they hold null, which only the two
// functions here see.
type Loose = Record<string, Uint8Array | null>;

export function packPayloads(outputs: Outputs): { packed: Uint8Array; offsets: Float64Array } {
  let total = 0;
  let count = 0;
  for (const ev of eventsOf(outputs)) {
    if (ev.kind === 'frame') {
      const f = ev.frame;
      total += f.payload.length + f.header.length + (f.maskingKey?.length ?? 0);
      count += 3;
    } else if (ev.kind === 'message') {
      total += ev.message.payload.length;
      count += 1;
    }
  }
  const packed = new Uint8Array(total);
  // Per field: its length, or -1 for null (a frame without a masking key).
  const offsets = new Float64Array(count);
  let at = 0;
  let i = 0;
  const put = (record: Loose, field: string): void => {
    const bytes = record[field];
    if (bytes === null || bytes === undefined) {
      offsets[i++] = -1;
      return;
    }
    packed.set(bytes, at);
    at += bytes.length;
    offsets[i++] = bytes.length;
    record[field] = null;
  };
  for (const ev of eventsOf(outputs)) {
    if (ev.kind === 'frame') {
      const f = ev.frame as unknown as Loose;
      put(f, 'payload');
      put(f, 'header');
      put(f, 'maskingKey');
    } else if (ev.kind === 'message') {
      put(ev.message as unknown as Loose, 'payload');
    }
  }
  return { packed, offsets };
}

export function unpackPayloads(outputs: Outputs, packed: Uint8Array, offsets: Float64Array): void {
  let at = 0;
  let i = 0;
  const take = (record: Loose, field: string): void => {
    const length = offsets[i++] as number;
    if (length < 0) {
      record[field] = null;
      return;
    }
    record[field] = packed.subarray(at, at + length);
    at += length;
  };
  for (const ev of eventsOf(outputs)) {
    if (ev.kind === 'frame') {
      const f = ev.frame as unknown as Loose;
      take(f, 'payload');
      take(f, 'header');
      take(f, 'maskingKey');
    } else if (ev.kind === 'message') {
      take(ev.message as unknown as Loose, 'payload');
    }
  }
}
