// Payloads read back from the capture file by range: for frames the worker located in the file
// instead of keeping their bytes (frame-locator.ts), and for messages made of such frames.
//
// Rules
// - One load() reads what a request needs (a detail, the previews of the rows shown, a window of
//   a filter or a search): the frames' pieces sorted by file offset and read in as few ranges as
//   fit (pieces less than GAP apart share a read), unmasked into their own arrays.
// - What a load returns belongs to its caller (a Resident): the cache may drop it meanwhile.
// - A bounded cache (CACHE_BYTES, least recently used first out) keeps what details and previews
//   read, so moving through a table does not read the same rows again; filters and searches,
//   which read everything once, pass cache=false.
// - A file that changed since it was opened answers one line saying so (the caller shows it).

import { type ByteSpan, unmaskFrom } from '../../decoder/index.js';
import type { FrameStore } from './frame-store.js';
import type { MessageStore } from './message-store.js';
import { type CarriedRead, type ReadCarry, touch, touches } from './read-carry.js';

/** Reads bytes of the capture file. */
export interface RangeSource {
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A File (or any Blob) read by range with Blob.slice. */
export function blobRanges(blob: Blob): RangeSource {
  return {
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

/**
 * A capture the browser-mode server streams, read by range (`Range: bytes=…` on its stream URL,
 * src/server/api.ts). The server answers 409 when the file changed on disk: that line is the error.
 */
export function urlRanges(url: string): RangeSource {
  return {
    async read(offset, length) {
      if (length === 0) return new Uint8Array(0);
      const res = await fetch(url, { headers: { range: `bytes=${offset}-${offset + length - 1}` }, cache: 'no-store' });
      if (res.status !== 206) {
        const text = await res.text().catch(() => '');
        let said = '';
        try {
          said = (JSON.parse(text) as { error?: string }).error ?? '';
        } catch {
          said = '';
        }
        throw new Error(
          said || `the capture could not be read again (the server answered ${res.status}); open it again`,
        );
      }
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** Payloads handed to the stores for one synchronous read (FrameStore/MessageStore.resident). */
export interface Resident {
  frames: IdMap;
  messages: IdMap;
}

/** What the stores read of a Resident. */
export interface PayloadsById {
  /** The payload as a view (made on demand), or undefined when not read. */
  get(id: number): Uint8Array | undefined;
  /** The payload in place, written into `out` (no view made), or false when not read. */
  span(id: number, out: ByteSpan): boolean;
}

/**
 * Payloads by id, each as a buffer, start and length: mostly the read it came in, unmasked there,
 * so a filter's `contains` searches it without a view per row (views and Map entries per row were
 * most of a filter's garbage). Kept in arrays indexed from the smallest id when the ids are close
 * together (a window of rows), else in a Map of views.
 */
export class IdMap implements PayloadsById {
  private readonly base: number;
  private readonly bufs: (Uint8Array | undefined)[] | null;
  private readonly starts: Int32Array | null;
  private readonly lengths: Int32Array | null;
  private readonly map: Map<number, Uint8Array> | null;

  constructor(ids: readonly number[]) {
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const id of ids) {
      if (id < min) min = id;
      if (id > max) max = id;
    }
    this.base = min;
    const dense = ids.length > 0 && max - min < 4 * ids.length + 1024;
    const n = dense ? max - min + 1 : 0;
    this.bufs = dense ? new Array(n) : null;
    this.starts = dense ? new Int32Array(n) : null;
    this.lengths = dense ? new Int32Array(n) : null;
    this.map = dense ? null : new Map();
  }

  get(id: number): Uint8Array | undefined {
    if (!this.bufs) return this.map?.get(id);
    const i = id - this.base;
    const buf = this.bufs[i];
    if (!buf) return undefined;
    const start = this.starts![i];
    const length = this.lengths![i];
    return start === 0 && length === buf.length ? buf : buf.subarray(start, start + length);
  }

  span(id: number, out: ByteSpan): boolean {
    if (!this.bufs) {
      const bytes = this.map?.get(id);
      if (!bytes) return false;
      out.buf = bytes;
      out.start = 0;
      out.end = bytes.length;
      return true;
    }
    const i = id - this.base;
    const buf = this.bufs[i];
    if (!buf) return false;
    out.buf = buf;
    out.start = this.starts![i];
    out.end = out.start + this.lengths![i];
    return true;
  }

  /** `length` bytes of `buf` from `start` (a view is made only if the Map holds them). */
  set(id: number, buf: Uint8Array, start = 0, length = buf.length - start): void {
    if (!this.bufs) {
      this.map?.set(id, start === 0 && length === buf.length ? buf : buf.subarray(start, start + length));
      return;
    }
    const i = id - this.base;
    this.bufs[i] = buf;
    this.starts![i] = start;
    this.lengths![i] = length;
  }
}

const EMPTY = new Uint8Array(0);

/** Pieces closer than this share one read. */
const GAP = 64 * 1024;
/** No read larger than this (unless one piece is). */
const MAX_READ = 8 * 1024 * 1024;
const CACHE_BYTES = 16 * 1024 * 1024;

export class FilePayloads {
  private readonly cache = new Map<number, Uint8Array>();
  private cacheBytes = 0;

  constructor(
    private readonly source: RangeSource,
    private readonly frames: FrameStore,
    private readonly messages: MessageStore,
  ) {}

  /** Payload bytes of these frames and messages to read from the file (0: all kept). */
  bytesFor(frameIds: Iterable<number>, messageIds: Iterable<number>): number {
    let n = 0;
    for (const id of frameIds) if (this.frames.has(id) && this.frames.isLocated(id)) n += this.frames.capturedOf(id);
    for (const id of messageIds)
      if (this.messages.has(id) && this.messages.isLocated(id)) n += this.messages.payloadLength(id);
    return n;
  }

  /** Payloads of these frames and messages (`carry`: the reads of a search's last windows, read-carry.ts). */
  async load(
    frameIds: Iterable<number>,
    messageIds: Iterable<number>,
    cache = true,
    carry: ReadCarry | null = null,
  ): Promise<Resident> {
    let wanted: number[] = [];
    for (const id of frameIds) if (this.frames.has(id) && this.frames.isLocated(id)) wanted.push(id);
    const asked = wanted.length;
    const located: number[] = [];
    for (const id of messageIds) {
      if (!this.messages.has(id) || !this.messages.isLocated(id)) continue;
      located.push(id);
      for (const f of this.messages.frameIdsView(id)) wanted.push(f);
    }
    // a frame asked for and in a message asked for (a frame's detail): once (a frame is in one message)
    if (asked > 0 && wanted.length > asked) wanted = [...new Set(wanted)];
    const frames = await this.readFrames(wanted, cache, carry);
    return { frames, messages: this.joinMessages(located, frames) };
  }

  /**
   * The payloads of these located frames, each read from the file once (from the cache when
   * `cache` and it has them; from a read `carry` kept, when one holds their bytes).
   */
  async readFrames(wanted: readonly number[], cache: boolean, carry: ReadCarry | null = null): Promise<IdMap> {
    const out = { frames: new IdMap(wanted) };
    // what the cache has, and the pieces of the rest: parallel arrays, no object per piece
    const offsets: number[] = [];
    const lengths: number[] = [];
    const owners: number[] = [];
    const ats: number[] = [];
    const fresh: number[] = [];
    for (const id of wanted) {
      const hit = this.cache.get(id);
      if (hit) {
        this.cache.delete(id);
        this.cache.set(id, hit);
        out.frames.set(id, hit);
        continue;
      }
      fresh.push(id);
      const p = this.frames.filePieces(id);
      for (let i = 0, at = 0; i < p.length; i += 2) {
        offsets.push(p[i]);
        lengths.push(p[i + 1]);
        owners.push(id);
        ats.push(at);
        at += p[i + 1];
      }
    }
    // file order (ids mostly are already)
    const order = Array.from(offsets.keys());
    for (let i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1]) {
        order.sort((a, b) => offsets[a] - offsets[b]);
        break;
      }
    }
    // A frame in one piece that shares no byte with another is unmasked where it was read (a view):
    // an array per payload was most of a filter's time on a capture of small messages.
    const inPlace = new Uint8Array(offsets.length);
    const key: ByteSpan = { buf: EMPTY, start: 0, end: 0 };
    let prevEnd = -1;
    for (let n = 0; n < order.length; n++) {
      const k = order[n];
      const next = order[n + 1];
      const alone =
        offsets[k] >= prevEnd &&
        (next === undefined || offsets[next] >= offsets[k] + lengths[k]) &&
        lengths[k] === this.frames.capturedOf(owners[k]);
      if (alone) inPlace[k] = 1;
      prevEnd = Math.max(prevEnd, offsets[k] + lengths[k]);
    }
    /** Frames in several pieces (or sharing bytes), joined into arrays of their own: unmasked once whole. */
    const copied: number[] = [];
    const place = (k: number, read: CarriedRead) => {
      const from = offsets[k] - read.start;
      const id = owners[k];
      if (inPlace[k]) {
        if (this.frames.maskingKeySpan(id, key)) {
          unmaskFrom(read.bytes, from, from + lengths[k], key.buf, key.start);
          touch(read, offsets[k], offsets[k] + lengths[k]);
        }
        out.frames.set(id, read.bytes, from, lengths[k]);
        return;
      }
      let own = out.frames.get(id);
      if (!own) {
        own = new Uint8Array(this.frames.capturedOf(id));
        out.frames.set(id, own);
        copied.push(id);
      }
      own.set(read.bytes.subarray(from, from + lengths[k]), ats[k]);
    };
    // A piece that a read of the windows before holds whole, none of its bytes changed there, is
    // taken from it (read-carry.ts); the others are read from the file.
    const rest: number[] = [];
    const carried = carry?.byStart() ?? [];
    let best: CarriedRead | null = null;
    for (let n = 0, r = 0, bestEnd = -1; n < order.length; n++) {
      const k = order[n];
      const start = offsets[k];
      const end = start + lengths[k];
      // of the reads starting at or before the piece, the one reaching furthest
      for (; r < carried.length && carried[r].start <= start; r++) {
        const reach = carried[r].start + carried[r].bytes.length;
        if (reach > bestEnd) {
          best = carried[r];
          bestEnd = reach;
        }
      }
      if (best !== null && bestEnd >= end && !touches(best, start, end)) place(k, best);
      else rest.push(k);
    }
    for (let i = 0; i < rest.length; ) {
      const start = offsets[rest[i]];
      let end = start + lengths[rest[i]];
      let j = i + 1;
      while (
        j < rest.length &&
        offsets[rest[j]] - end <= GAP &&
        offsets[rest[j]] + lengths[rest[j]] - start <= MAX_READ
      ) {
        end = Math.max(end, offsets[rest[j]] + lengths[rest[j]]);
        j++;
      }
      const read: CarriedRead = { start, bytes: await this.read(start, end - start), touched: [] };
      for (let n = i; n < j; n++) place(rest[n], read);
      carry?.add(read);
      i = j;
    }
    for (const id of copied) {
      const own = out.frames.get(id)!;
      if (this.frames.maskingKeySpan(id, key)) unmaskFrom(own, 0, own.length, key.buf, key.start);
    }
    if (cache)
      for (const id of fresh) {
        const bytes = out.frames.get(id);
        if (bytes) this.remember(id, bytes);
      }
    return out.frames;
  }

  /** The payloads of these located messages, from their frames' payloads in `frames`. */
  joinMessages(located: readonly number[], frames: PayloadsById): IdMap {
    const out = new IdMap(located);
    const span: ByteSpan = { buf: EMPTY, start: 0, end: 0 };
    for (const id of located) {
      // one frame: its payload where it is; several: joined
      const ids = this.messages.frameIdsView(id);
      if (ids.length === 1 && frames.span(ids[0], span))
        out.set(id, span.buf, span.start, Math.min(span.end - span.start, this.messages.payloadLength(id)));
      else out.set(id, this.joined(id, frames));
    }
    return out;
  }

  /** A message's payload: its frames' payloads joined. */
  private joined(id: number, frames: PayloadsById): Uint8Array {
    const ids = this.messages.frameIdsView(id);
    const length = this.messages.payloadLength(id);
    const out = new Uint8Array(length);
    let at = 0;
    for (const f of ids) {
      const part = frames.get(f);
      if (!part) continue;
      out.set(part.subarray(0, length - at), at);
      at += part.length;
    }
    return out;
  }

  private remember(id: number, bytes: Uint8Array): void {
    if (bytes.length > CACHE_BYTES / 4) return;
    // a view into a read much larger than itself would keep all of that read alive
    if (bytes.buffer.byteLength > 2 * bytes.length + 4096) bytes = bytes.slice();
    this.cache.set(id, bytes);
    this.cacheBytes += bytes.length;
    for (const [old, b] of this.cache) {
      if (this.cacheBytes <= CACHE_BYTES) break;
      this.cache.delete(old);
      this.cacheBytes -= b.length;
    }
  }

  private async read(offset: number, length: number): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await this.source.read(offset, length);
    } catch (err) {
      throw new Error(`${CHANGED}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (bytes.length < length) throw new Error(`${CHANGED}: it is shorter than when it was opened`);
    return bytes;
  }
}

export const CHANGED = 'the capture file could not be read again (it changed on disk or was removed); open it again';
