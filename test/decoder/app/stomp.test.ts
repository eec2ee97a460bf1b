// STOMP 1.2 frames written from the specification: NUL-terminated bodies, content-length bodies
// holding NULs, escaped header values (§Value Encoding), repeated headers (first wins), EOL
// heart-beats, several frames in one message and one frame over several.

import { describe, expect, it } from 'vitest';
import { StompDecoder } from '../../../src/decoder/app/stomp.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('STOMP 1.2 frames', () => {
  it('decodes escaped headers, keeps the first of repeated ones, and pairs a receipt', () => {
    const d = new StompDecoder();
    const send = 'SEND\ndestination:/queue/a\\cb\nfoo:1\nfoo:2\nreceipt:r9\n\nhello\0';
    const [p] = d.decode('client', enc(send), send).packets;
    expect(p?.name).toBe('/queue/a:b');
    expect((p?.data as { headers?: Record<string, string> } | undefined)?.headers?.foo).toBe('1');
    expect(p?.pair).toEqual([{ op: 'open', key: 'receipt:r9', name: 'SEND /queue/a:b', id: 'r9' }]);
    const receipt = 'RECEIPT\nreceipt-id:r9\n\n\0';
    expect(d.decode('server', enc(receipt), receipt).packets[0]?.pair).toEqual([
      { op: 'answer', key: 'receipt:r9', final: true, error: false },
    ]);
  });

  it('reads content-length bytes even when they hold NUL', () => {
    const frame = 'MESSAGE\nsubscription:0\nmessage-id:1\ndestination:/t\ncontent-length:3\n\na\0b\0';
    const r = new StompDecoder().decode('server', enc(frame), frame);
    expect(r.malformed).toBeNull();
    expect((r.packets[0]?.data as { body?: string } | undefined)?.body).toBe('a\0b');
    expect(r.packets[0]?.pair).toEqual([{ op: 'answer', key: 'sub:0', final: false, error: false }]);
  });

  it('two frames in one message, one frame over three, heart-beats between', () => {
    const d = new StompDecoder();
    const two = 'RECEIPT\nreceipt-id:1\n\n\0\nRECEIPT\nreceipt-id:2\n\n\0';
    expect(d.decode('server', enc(two), two).packets.map((p) => p.summary)).toEqual(['RECEIPT 1', 'RECEIPT 2']);
    const parts = ['MESSAGE\nsubscr', 'iption:s\n\nbo', 'dy\0'];
    const got = parts.map((s) => d.decode('server', enc(s), s));
    expect(got.map((r) => r.packets.length)).toEqual([0, 0, 1]);
    expect(got[0]?.held).toBe(14);
    expect(got[2]?.packets[0]?.summary).toBe('MESSAGE "body"');
    expect(d.decode('server', enc('\n'), '\n').packets.map((p) => p.kind)).toEqual(['heart-beat']);
  });

  it('an unknown command is malformed at the frame’s offset, and the direction stops', () => {
    const d = new StompDecoder();
    const text = 'RECEIPT\nreceipt-id:1\n\n\0HELLO\n\n\0';
    const r = d.decode('server', enc(text), text);
    expect(r.packets).toHaveLength(1);
    expect(r.malformed).toEqual({ offset: 23, message: 'unknown server STOMP command "HELLO"' });
    expect(d.decode('server', enc('RECEIPT\n\n\0'), 'RECEIPT\n\n\0').packets).toHaveLength(0);
  });
});
