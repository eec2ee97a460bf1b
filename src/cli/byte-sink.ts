// Output bytes collected in Buffers, written by the formatters field by field.
//
// Why not strings: rows built as strings were concatenated (ropes), joined per batch (a copy)
// and encoded to UTF-8 by stream.write (another copy, slow for two-byte strings as soon as one
// emoji is in the batch). On a capture of small messages that was a third of the CLI's time.
// Here ASCII (keys, numbers, base64, hex) is stored byte by byte, and only real text goes
// through the UTF-8 encoder, once.
//
// Rules
// - Bytes go into the current chunk (CHUNK_BYTES); a value that does not fit closes the chunk
//   and opens a new one. Long values (over PIECE units) are written in pieces, so no chunk is
//   ever larger than CHUNK_BYTES: a 2 MiB payload's base64 used to take a 2.7 MB chunk and a
//   2.7 MB external string, allocated and dropped per message, and on a capture of large
//   messages such garbage buffers waiting for the next GC were most of the CLI's peak RSS.
// - `take()` hands the filled chunks over and starts afresh. A chunk handed to a stream is not
//   written again until the stream says it is done with it: `recycle(chunk)` from the write's
//   callback (Output does so only for process.stdout, whose callback means the bytes are in the
//   kernel; a PassThrough would still hold the chunk), and a few such chunks are kept for reuse.
// - `ascii` trusts its caller: only strings known to be ASCII (keys, digits, base64, hex).
// - Short values are copied by JS loops (a native call costs more than the copy); long ones by
//   Buffer's native encoders.

const CHUNK_BYTES = 256 * 1024;
/** Above this many characters a native copy beats a JS loop. */
const NATIVE_FROM = 256;
/**
 * Longer values go in pieces of this many UTF-16 units or bytes: at most 3 bytes each (UTF-8),
 * so a piece always fits in an empty chunk.
 */
const PIECE = 48 * 1024;
/** base64 input per piece: a multiple of 3 whose 4/3 is PIECE characters. */
const BASE64_PIECE = (PIECE / 4) * 3;
/** Chunks kept for reuse (recycle()): enough for one flush of a busy decode step. */
const SPARE_CHUNKS = 8;

const ENCODER = new TextEncoder();

export class ByteSink {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private done: Buffer[] = [];
  private doneBytes = 0;
  private readonly spare: Buffer[] = [];
  private chunksMade = 1;

  /** Bytes waiting to be taken. */
  get length(): number {
    return this.doneBytes + this.at;
  }

  /** How many chunks were allocated so far (recycled ones are not counted again). */
  get allocatedChunks(): number {
    return this.chunksMade;
  }

  /** The bytes so far, as chunks to write in order; the sink is empty after. */
  take(): Buffer[] {
    const out = this.done;
    if (this.at > 0) {
      out.push(this.chunk.subarray(0, this.at));
      this.chunk = this.freshChunk();
      this.at = 0;
    }
    this.done = [];
    this.doneBytes = 0;
    return out;
  }

  /**
   * A chunk from take() that its reader no longer needs (a write callback ran): its memory is
   * used again for later bytes. Anything but a whole chunk of this sink is ignored.
   */
  recycle(chunk: Uint8Array): void {
    const buffer = chunk.buffer;
    if (chunk.byteOffset !== 0 || buffer.byteLength !== CHUNK_BYTES || this.spare.length >= SPARE_CHUNKS) return;
    if (buffer === this.chunk.buffer) return;
    this.spare.push(Buffer.from(buffer, 0, CHUNK_BYTES));
  }

  private freshChunk(): Buffer {
    const spare = this.spare.pop();
    if (spare !== undefined) return spare;
    this.chunksMade++;
    return Buffer.allocUnsafe(CHUNK_BYTES);
  }

  /** Makes room for `n` (at most CHUNK_BYTES) more bytes in the current chunk. */
  private reserve(n: number): void {
    if (this.at + n > this.chunk.length) this.nextChunk();
  }

  /** Closes the current chunk and opens another (kept out of the hot path). */
  private nextChunk(): void {
    if (this.at > 0) {
      this.done.push(this.chunk.subarray(0, this.at));
      this.doneBytes += this.at;
      this.chunk = this.freshChunk();
    }
    this.at = 0;
  }

  /** Bytes as they are (the fixed parts of a row, prepared once: see `latin1Bytes`). */
  bytes(b: Uint8Array): void {
    for (let from = 0; from < b.length; from += PIECE) {
      const piece = b.length <= PIECE ? b : b.subarray(from, from + PIECE);
      this.reserve(piece.length);
      this.chunk.set(piece, this.at);
      this.at += piece.length;
    }
  }

  /** A string of ASCII characters only (not checked). */
  ascii(s: string): void {
    const n = s.length;
    if (n > NATIVE_FROM) {
      this.asciiNative(s);
      return;
    }
    this.reserve(n);
    const c = this.chunk;
    let at = this.at;
    for (let i = 0; i < n; i++) c[at++] = s.charCodeAt(i);
    this.at = at;
  }

  private asciiNative(s: string): void {
    for (let from = 0; from < s.length; from += PIECE) {
      const piece = s.length <= PIECE ? s : s.substring(from, from + PIECE);
      this.reserve(piece.length);
      this.at += this.chunk.write(piece, this.at, piece.length, 'latin1');
    }
  }

  /** Any string, encoded as UTF-8 (lone surrogates become U+FFFD, as stream.write does). */
  utf8(s: string): void {
    if (s.length <= PIECE) {
      this.reserve(s.length * 3);
      this.at += this.chunk.write(s, this.at, s.length * 3, 'utf8');
      return;
    }
    // encodeInto stops where the chunk is full, never inside a character, and says how far it read.
    let read = 0;
    while (read < s.length) {
      if (this.chunk.length - this.at < 4) this.nextChunk();
      const r = ENCODER.encodeInto(read === 0 ? s : s.substring(read), this.chunk.subarray(this.at));
      read += r.read;
      this.at += r.written;
      if (read < s.length) this.nextChunk();
    }
  }

  /** Like `utf8`, by a JS loop for short strings (csv cells: many, mostly short). */
  text(s: string): void {
    const n = s.length;
    if (n > NATIVE_FROM) {
      this.utf8(s);
      return;
    }
    this.reserve(n * 3);
    this.at = encodeUnits(this.chunk, this.at, s, false);
  }

  /** A number as JSON.stringify writes it (non-finite: null). */
  number(n: number): void {
    // Safe non-negative integers (ids, lengths, offsets) are written digit by digit; others
    // (times, rtts) through Number's own toString, which JSON.stringify also uses.
    if (n >= 0 && n <= 0xffffffff && n === n >>> 0) {
      this.reserve(10);
      const c = this.chunk;
      let end = this.at + digitCount(n);
      this.at = end;
      do {
        const q = Math.floor(n / 10);
        c[--end] = 0x30 + n - q * 10;
        n = q;
      } while (n > 0);
      return;
    }
    this.ascii(this.numberText(n));
  }

  // Number-to-text of a fraction is slow (shortest round-trip digits); times repeat from row to
  // row (frames of one packet, a message's first and last frame), so the last one is kept.
  private lastNumber = Number.NaN;
  private lastText = 'null';

  private numberText(n: number): string {
    if (n === this.lastNumber) return this.lastText;
    const text = Number.isFinite(n) ? `${n}` : 'null';
    this.lastNumber = n;
    this.lastText = text;
    return text;
  }

  numberOrNull(n: number | null): void {
    if (n === null) this.ascii('null');
    else this.number(n);
  }

  /** Standard base64 with padding, as Buffer's toString('base64'). */
  base64(bytes: Uint8Array): void {
    const n = bytes.byteLength;
    if (n > NATIVE_FROM) {
      // In pieces: each piece's string is small and dies young (see the header).
      for (let from = 0; from < n; from += BASE64_PIECE) {
        const len = Math.min(BASE64_PIECE, n - from);
        this.asciiNative(Buffer.from(bytes.buffer, bytes.byteOffset + from, len).toString('base64'));
      }
      return;
    }
    this.reserve(Math.ceil(n / 3) * 4);
    const c = this.chunk;
    let at = this.at;
    let i = 0;
    for (; i + 2 < n; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      c[at++] = B64[v >> 18];
      c[at++] = B64[(v >> 12) & 63];
      c[at++] = B64[(v >> 6) & 63];
      c[at++] = B64[v & 63];
    }
    if (i < n) {
      const two = i + 1 < n;
      const v = (bytes[i] << 16) | (two ? bytes[i + 1] << 8 : 0);
      c[at++] = B64[v >> 18];
      c[at++] = B64[(v >> 12) & 63];
      c[at++] = two ? B64[(v >> 6) & 63] : PAD;
      c[at++] = PAD;
    }
    this.at = at;
  }

  /** Lower-case hex, two digits per byte. */
  hex(bytes: Uint8Array): void {
    if (bytes.byteLength > PIECE) {
      for (let from = 0; from < bytes.byteLength; from += PIECE) this.hex(bytes.subarray(from, from + PIECE));
      return;
    }
    const n = bytes.byteLength;
    this.reserve(n * 2);
    const c = this.chunk;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      c[at++] = HEX[bytes[i] >> 4];
      c[at++] = HEX[bytes[i] & 15];
    }
    this.at = at;
  }

  /** JSON.stringify(s), UTF-8 encoded, with C1 and bidi controls as \u escapes (safeJson). */
  jsonString(s: string): void {
    const n = s.length;
    if (n > NATIVE_FROM) {
      this.utf8(safeJson(JSON.stringify(s)));
      return;
    }
    // Worst case per UTF-16 unit: a six-byte \uXXXX escape.
    this.reserve(n * 6 + 2);
    const c = this.chunk;
    let at = this.at;
    c[at++] = QUOTE;
    at = encodeUnits(c, at, s, true);
    c[at++] = QUOTE;
    this.at = at;
  }
}

/**
 * UTF-8 of the string's UTF-16 units into `c` from `at` (room checked by the caller); returns
 * the new end. A lone surrogate becomes U+FFFD as Buffer encodes it, or with `json` a \uXXXX
 * escape as JSON.stringify writes it (ES2019), which also escapes control characters, the quote
 * and the backslash.
 */
function encodeUnits(c: Buffer, at: number, s: string, json: boolean): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const u = s.charCodeAt(i);
    if (u < 0x80) {
      if (!json || (u >= 0x20 && u !== QUOTE && u !== BACKSLASH)) c[at++] = u;
      else at = escapeAscii(c, at, u);
    } else if (u < 0x800) {
      if (json && u <= 0x9f) at = escapeUnit(c, at, u);
      else {
        c[at++] = 0xc0 | (u >> 6);
        c[at++] = 0x80 | (u & 63);
      }
    } else if (u < 0xd800 || u > 0xdfff) {
      if (json && isBidiControl(u)) at = escapeUnit(c, at, u);
      else at = utf8Three(c, at, u);
    } else {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (u <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        at = utf8Four(c, at, 0x10000 + ((u - 0xd800) << 10) + (next - 0xdc00));
        i++;
      } else at = json ? escapeUnit(c, at, u) : utf8Three(c, at, 0xfffd);
    }
  }
  return at;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const PAD = 0x3d;
const B64 = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (ch) =>
  ch.charCodeAt(0),
);
const HEX = Uint8Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** JSON's two-character escapes: \b \t \n \f \r \" \\ (JSON.stringify prefers them to \u). */
const SHORT_ESCAPES: Record<number, number> = {
  8: 0x62,
  9: 0x74,
  10: 0x6e,
  12: 0x66,
  13: 0x72,
  [QUOTE]: QUOTE,
  [BACKSLASH]: BACKSLASH,
};

function utf8Three(c: Buffer, at: number, u: number): number {
  c[at++] = 0xe0 | (u >> 12);
  c[at++] = 0x80 | ((u >> 6) & 63);
  c[at++] = 0x80 | (u & 63);
  return at;
}

function utf8Four(c: Buffer, at: number, cp: number): number {
  c[at++] = 0xf0 | (cp >> 18);
  c[at++] = 0x80 | ((cp >> 12) & 63);
  c[at++] = 0x80 | ((cp >> 6) & 63);
  c[at++] = 0x80 | (cp & 63);
  return at;
}

function escapeAscii(c: Buffer, at: number, u: number): number {
  const short = SHORT_ESCAPES[u];
  if (short === undefined) return escapeUnit(c, at, u);
  c[at++] = BACKSLASH;
  c[at++] = short;
  return at;
}

/** `\u` and four lower-case hex digits, as JSON.stringify writes them. */
function escapeUnit(c: Buffer, at: number, u: number): number {
  c[at++] = BACKSLASH;
  c[at++] = 0x75;
  c[at++] = HEX[(u >> 12) & 15];
  c[at++] = HEX[(u >> 8) & 15];
  c[at++] = HEX[(u >> 4) & 15];
  c[at++] = HEX[u & 15];
  return at;
}

/** Decimal digits of an integer in [0, 2^32). */
function digitCount(n: number): number {
  if (n < 100000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  return n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
}

/** U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates). */
function isBidiControl(u: number): boolean {
  return (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
}

const SPOOFING = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with C1 controls (U+0080–U+009F, e.g. U+009B, an 8-bit CSI) and bidi overrides and
 * isolates written as \u escapes: the same JSON value, but a terminal showing the output (ndjson
 * piped to less, a log) cannot be steered or have its text reordered by bytes from a capture.
 */
export function safeJson(text: string): string {
  SPOOFING.lastIndex = 0;
  if (!SPOOFING.test(text)) return text;
  return text.replace(SPOOFING, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The bytes of a string of ASCII characters, for `ByteSink.bytes`. */
export function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}
