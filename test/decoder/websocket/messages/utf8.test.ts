import { describe, expect, it } from 'vitest';
import { checkUtf8, isValidUtf8 } from '../../../../src/decoder/websocket/messages/utf8.js';
import { hex } from '../../../helpers/pcap-writer.js';

describe('RFC 3629 §4 UTF-8 validation', () => {
  it.each([
    ['empty', ''],
    ['ascii "Hi"', '4869'],
    ['é (2 bytes)', 'c3a9'],
    ['€ (3 bytes)', 'e282ac'],
    ['U+10FFFF (4 bytes)', 'f48fbfbf'],
    ['😀 (4 bytes)', 'f09f9880'],
  ])('accepts %s', (_name, h) => {
    expect(isValidUtf8(hex(h))).toBe(true);
    expect(checkUtf8(hex(h))).toEqual({ valid: true, invalidAt: null, truncatedEnd: false });
  });

  it.each([
    ['a lone continuation byte', '41' + '80', 1, false],
    ['an overlong "/" (c0 af)', '41' + 'c0af', 1, false],
    ['an overlong 3-byte form (e0 80 af)', 'e080af', 0, false],
    ['a UTF-16 surrogate (ed a0 80)', '4142' + 'eda080', 2, false],
    ['a code point above U+10FFFF (f4 90 80 80)', 'f4908080', 0, false],
    ['ff', '41' + 'ff', 1, false],
    ['a sequence cut at the end (e2 82)', '41' + 'e282', 1, true],
  ])('rejects %s and finds its offset', (_name, h, at, truncatedEnd) => {
    expect(isValidUtf8(hex(h))).toBe(false);
    expect(checkUtf8(hex(h))).toEqual({ valid: false, invalidAt: at, truncatedEnd });
  });
});
