// The deep-link syntax shared by browser mode's hash, the Electron window state and wsscope:// links
// (src/shared/deep-link.ts): hand-written links in, hand-written links out.

import { describe, expect, it } from 'vitest';
import { deepLinkFrom, deepLinkHash, parseDeepLink } from '../../../../src/shared/deep-link.js';

const NONE = { conn: null, frame: null, field: null, filter: null };

describe('parseDeepLink', () => {
  it('reads a browser-mode hash, form-encoded spaces included', () => {
    expect(parseDeepLink('#conn=3&frame=120&field=websocket.opcode&filter=ws.message.text+contains+%22x%22')).toEqual({
      conn: 3,
      frame: 120,
      field: 'websocket.opcode',
      filter: 'ws.message.text contains "x"',
    });
  });

  it('takes the first of repeated keys and skips what does not decode or check', () => {
    expect(parseDeepLink('?conn=1&conn=2&frame=%E0%A4%A&field=a%00b&filter=')).toEqual({ ...NONE, conn: 1 });
    expect(parseDeepLink('conn=99999999999999999&frame=0x10')).toEqual(NONE);
  });
});

describe('deepLinkHash', () => {
  it('writes each value percent-encoded, nothing for an empty link', () => {
    expect(deepLinkHash({ conn: 1, frame: 5, field: null, filter: 'websocket.opcode == 1' })).toBe(
      '#conn=1&frame=5&filter=websocket.opcode%20%3D%3D%201',
    );
    expect(deepLinkHash({ ...NONE, field: 'a&b=c' })).toBe('#field=a%26b%3Dc');
    expect(deepLinkHash(NONE)).toBe('');
  });
});

describe('deepLinkFrom', () => {
  it('checks each part of an untrusted object', () => {
    expect(deepLinkFrom({ conn: 2, frame: '3', field: 'x'.repeat(201), filter: 'tcp.port == 80' })).toEqual({
      ...NONE,
      conn: 2,
      filter: 'tcp.port == 80',
    });
    expect(deepLinkFrom([1, 2])).toBeNull();
    expect(deepLinkFrom('conn=1')).toBeNull();
  });
});
