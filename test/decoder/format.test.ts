// The one formatting module: hex, hex dumps and one-line previews, as the CLI's table and the
// UI's rows print them. Every expected string is written out by hand.

import { describe, expect, it } from 'vitest';
import {
  closePreview,
  hexDumpLines,
  hexNumber,
  hexOf,
  hexOfRange,
  hexSpaced,
  messagePreview,
  offsetText,
  oneLine,
  ROW_PREVIEW,
  TERMINAL_PREVIEW,
  textPreview,
} from '../../src/decoder/index.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('hex', () => {
  it('writes bytes as lower-case pairs, with and without spaces', () => {
    expect(hexOf(bytes(0x37, 0xfa, 0x21, 0x3d))).toBe('37fa213d');
    expect(hexOfRange(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d), 2, 6)).toBe('37fa213d');
    expect(hexSpaced(bytes(0x00, 0xff, 0x10))).toBe('00 ff 10');
    expect(hexSpaced(bytes(1, 2, 3), 2)).toBe('01 02 …');
    expect(hexNumber(11)).toBe('0xb');
  });

  it('dumps 16 bytes a line with the printable ASCII between bars', () => {
    expect(hexDumpLines(utf8('Hello, WebSocket!'), 256, '  ')).toEqual([
      '  0000  48 65 6c 6c 6f 2c 20 57 65 62 53 6f 63 6b 65 74  |Hello, WebSocket|',
      '  0010  21                                               |!|',
    ]);
    expect(hexDumpLines(bytes(0, 1, 2), 2)).toEqual([
      '0000  00 01                                            |..|',
      '… 1 more bytes',
    ]);
    expect(offsetText(0x10, 0x12345)).toBe('00010');
  });
});

describe('one-line previews', () => {
  it('keeps one line in the UI: newlines and tabs become visible symbols', () => {
    expect(oneLine('line1\nline2\r\nline3\t tab\x01')).toBe('line1⏎line2⏎line3⇥ tab·');
  });

  it('cuts long text with an ellipsis, quoted in a terminal and bare in the UI', () => {
    const style = { maxChars: 10, maxHexBytes: 4 };
    expect(textPreview('x'.repeat(100), { ...style, quote: 'symbols' })).toBe(`${'x'.repeat(10)}…`);
    expect(textPreview('x'.repeat(100), { ...style, quote: 'json' })).toBe(`"${'x'.repeat(10)}"…`);
    expect(textPreview('a\nb', { ...style, quote: 'json' })).toBe('"a\\nb"');
  });

  it('reads a close as the decoder parsed it (RFC 6455 §5.5.1)', () => {
    expect(closePreview({ code: 1000, reason: 'normal bye' }, ROW_PREVIEW)).toBe('1000 normal bye');
    expect(closePreview({ code: 1000, reason: 'normal bye' }, TERMINAL_PREVIEW)).toBe('1000 "normal bye"');
    expect(closePreview({ code: 1001, reason: '' }, ROW_PREVIEW)).toBe('1001');
    expect(closePreview({ code: null, reason: '' }, ROW_PREVIEW)).toBe('no code');
  });

  it('shows a message by its type: text, hex of binary, (empty)', () => {
    const m = (type: 'text' | 'binary' | 'ping', payload: Uint8Array, text: string | null = null) => ({
      type,
      text,
      close: null,
      payload,
    });
    expect(messagePreview(m('text', utf8('hello'), 'hello'), ROW_PREVIEW)).toBe('hello');
    expect(messagePreview(m('text', utf8('hello'), 'hello'), TERMINAL_PREVIEW)).toBe('"hello"');
    expect(messagePreview(m('binary', new Uint8Array(20).fill(0xab)), ROW_PREVIEW)).toBe(
      `${Array(16).fill('ab').join(' ')} …`,
    );
    expect(messagePreview(m('ping', new Uint8Array(0)), TERMINAL_PREVIEW)).toBe('(empty)');
    // A text message whose inflation failed has no text: its raw bytes in hex.
    expect(messagePreview(m('text', bytes(0xff, 0x00), null), ROW_PREVIEW)).toBe('ff 00');
  });
});
