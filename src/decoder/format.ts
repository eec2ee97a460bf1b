// How bytes and messages are written as text, once, for every surface: the CLI's tables and
// transcripts, the UI worker's row summaries and the UI's hex views, and the decoder's own
// messages (the Sec-WebSocket-Accept SHA-1, a masking key, a file's first bytes).
//
// Why in the decoder: the decoder needs hex itself, and the decoder imports nothing outside
// src/decoder; the CLI and the UI take it from the decoder's index like the rest of the
// vocabulary. Pure functions of their arguments; no I/O, no DOM, no Node.
//
// Previews: the CLI table and the UI rows show the same one-line view of a message and differ
// only in `PreviewStyle`: how much fits (a terminal line against a table cell) and how text is
// quoted (JSON quotes in a terminal, so a reader sees where text starts and ends and what is an
// escape; visible symbols ⏎ ⇥ · in the UI, where a cell has its own bounds).

import type { CloseInfo, MessageRecord } from './records.js';

// ---------------------------------------------------------------- hex

/** Two lower-case hex digits per byte value: one lookup per byte. */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** "0f": one byte in two hex digits. */
export function hexByte(b: number): string {
  return HEX_BYTE[b & 0xff] as string;
}

/** "37fa213d": bytes [start, end) as hex without separators (the CLI's JSON `header`, `maskingKey`). */
export function hexOfRange(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX_BYTE[bytes[i]];
  return s;
}

/** "37fa213d": all the bytes as hex without separators. */
export function hexOf(bytes: Uint8Array): string {
  return hexOfRange(bytes, 0, bytes.length);
}

/** "00 ff 10": the first `maxBytes` bytes, space-separated, then " …" when there are more. */
export function hexSpaced(bytes: Uint8Array, maxBytes = bytes.length): string {
  const n = Math.min(bytes.length, maxBytes);
  let s = '';
  for (let i = 0; i < n; i++) s += (i === 0 ? '' : ' ') + HEX_BYTE[bytes[i]];
  return bytes.length > n ? `${s} …` : s;
}

/** "0x3": a number in hex, as RFC 6455 writes opcodes (finding messages use it). */
export function hexNumber(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Printable ASCII as itself, any other byte as `other` (· in the UI, . in a terminal dump). */
export function asciiChar(b: number, other = '·'): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : other;
}

/** Bytes per line of a hex dump, as Wireshark and `xxd` print them. */
export const BYTES_PER_LINE = 16;

/** Offset column of a hex dump: hex, at least 4 digits, as wide as the largest offset needs. */
export function offsetText(offset: number, total: number): string {
  const width = Math.max(4, total.toString(16).length);
  return offset.toString(16).padStart(width, '0');
}

/**
 * A hex dump, one string per line: offset, 16 bytes in hex, printable ASCII between bars
 * (`0000  48 65 6c 6c 6f  |Hello|`), and a last line saying how much was left out.
 */
export function hexDumpLines(bytes: Uint8Array, limit: number, indent = ''): string[] {
  const lines: string[] = [];
  const shown = bytes.subarray(0, limit);
  for (let off = 0; off < shown.byteLength; off += BYTES_PER_LINE) {
    const row = shown.subarray(off, off + BYTES_PER_LINE);
    let ascii = '';
    for (let i = 0; i < row.length; i++) ascii += asciiChar(row[i], '.');
    lines.push(`${indent}${offsetText(off, shown.byteLength)}  ${hexSpaced(row).padEnd(47)}  |${ascii}|`);
  }
  if (bytes.byteLength > limit) lines.push(`${indent}… ${bytes.byteLength - limit} more bytes`);
  return lines;
}

// ---------------------------------------------------------------- one-line previews

export interface PreviewStyle {
  /** Characters of text kept; more is cut and marked with "…". */
  maxChars: number;
  /** Bytes of a binary payload shown in hex. */
  maxHexBytes: number;
  /** 'json': text in JSON quotes and escapes; 'symbols': bare, line breaks and tabs as ⏎ ⇥. */
  quote: 'json' | 'symbols';
}

/** The CLI's table: a terminal line. */
export const TERMINAL_PREVIEW: Readonly<PreviewStyle> = { maxChars: 120, maxHexBytes: 32, quote: 'json' };
/** The UI's table rows. */
export const ROW_PREVIEW: Readonly<PreviewStyle> = { maxChars: 96, maxHexBytes: 16, quote: 'symbols' };

/** Text for one line: line breaks and tabs become visible symbols, other C0 controls ·, C1 and bidi controls marks. */
export function oneLine(text: string): string {
  return visibleControls(
    text.replace(/[\r\n\t]/g, (c) => (c === '\n' ? '⏎' : c === '\t' ? '⇥' : '')).replace(/[\x00-\x1f\x7f]/g, '·'),
  );
}

/**
 * C1 controls (U+0080-U+009F) and the bidi controls (embeddings and overrides U+202A-U+202E,
 * isolates U+2066-U+2069, marks U+200E, U+200F, U+061C) as visible marks such as ‹U+202E›: a
 * payload must not reorder how the text around it reads (one name displayed as another) nor hide
 * that it holds such characters. Everything else is left as it is.
 */
export function visibleControls(text: string): string {
  if (!BIDI_OR_C1.test(text)) return text;
  return text.replace(BIDI_OR_C1_ALL, (c) => `‹U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`);
}
const BIDI_OR_C1 = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_OR_C1_ALL = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A text cut to the style's length ("…" when cut) and quoted as the style says. */
export function textPreview(text: string, style: Readonly<PreviewStyle>): string {
  const cut = text.length > style.maxChars;
  const kept = cut ? text.slice(0, style.maxChars) : text;
  const shown = style.quote === 'json' ? JSON.stringify(kept) : oneLine(kept);
  return cut ? `${shown}…` : shown;
}

/** The first bytes in hex ("00 ff 10 …"). */
export function hexPreview(bytes: Uint8Array, style: Readonly<PreviewStyle>): string {
  return hexSpaced(bytes, style.maxHexBytes);
}

/** RFC 6455 §5.5.1 close body as the decoder parsed it: "1000 "bye"", "1001", "no code". */
export function closePreview(close: CloseInfo | null, style: Readonly<PreviewStyle>): string {
  if (close === null || close.code === null) return 'no code';
  return close.reason ? `${close.code} ${textPreview(close.reason, style)}` : String(close.code);
}

/** One line for a message: its close code and reason, its text, or its first bytes in hex. */
export function messagePreview(
  m: Pick<MessageRecord, 'type' | 'text' | 'close' | 'payload'>,
  style: Readonly<PreviewStyle>,
): string {
  if (m.type === 'close') return closePreview(m.close, style);
  // A text message whose inflation failed has no text: its raw bytes are shown in hex.
  if (m.type === 'text' && m.text !== null) return textPreview(m.text, style);
  if (m.payload.byteLength === 0) return '(empty)';
  return hexPreview(m.payload, style);
}

/** "1 byte", "12 bytes". */
export function sizeText(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

/**
 * A frame's payload length as exact decimal text. A 64-bit length beyond 2^53 - 1 is not exact as
 * a number (9223372036854775824 would print as 9223372036854776000): its digits are read from
 * the header's 8 length bytes instead, so every output prints the integer the frame carries.
 */
export function payloadLengthText(frame: { header: Uint8Array; payloadLength: number }): string {
  const h = frame.header;
  if (frame.payloadLength <= Number.MAX_SAFE_INTEGER || h.length < 10 || (h[1] & 0x7f) !== 127) {
    return String(frame.payloadLength);
  }
  let v = 0n;
  for (let i = 2; i < 10; i++) v = (v << 8n) | BigInt(h[i]);
  return v.toString();
}
