// Socket.IO / Engine.IO packets as the socket.io-protocol (v5) and engine.io-protocol (v4)
// documents write them, and Engine.IO v3's binary prefix.

import { describe, expect, it } from 'vitest';
import { engineIoVersion, SocketIoDecoder } from '../../../src/decoder/app/socketio.js';

const text = (d: SocketIoDecoder, dir: 'client' | 'server', s: string) => d.decode(dir, new TextEncoder().encode(s), s);

describe('Socket.IO v5 packets (socket.io-protocol README examples)', () => {
  it('an event with an ack in a namespace, and its ack', () => {
    const d = new SocketIoDecoder();
    const ev = text(d, 'client', '42/admin,12["chat","hi"]').packets[0];
    expect(ev).toMatchObject({ kind: 'EVENT', name: 'chat', id: 12, summary: '/admin chat ["hi"] ack 12' });
    expect(ev?.pair).toEqual({ op: 'open', key: 'client:/admin:12', name: 'chat', id: 12 });
    const ack = text(d, 'server', '43/admin,12["ok"]').packets[0];
    expect(ack?.pair).toEqual({ op: 'answer', key: 'client:/admin:12', final: true, error: false });
  });

  it('a binary event takes the next binary messages as its attachments', () => {
    const d = new SocketIoDecoder();
    const ev = text(d, 'client', '451-["upload",{"_placeholder":true,"num":0}]').packets[0];
    expect(ev?.summary).toBe('upload ["<attachment 0>"] (+1 binary attachment)');
    const att = d.decode('client', new Uint8Array([1, 2, 3]), null).packets[0];
    expect(att).toMatchObject({ kind: 'attachment', summary: 'attachment 1 of 1 to upload (3 bytes)' });
    expect(d.decode('client', new Uint8Array([9]), null).packets[0]?.kind).toBe('eio.binary');
  });

  it('CONNECT and CONNECT_ERROR pair per namespace; Engine.IO ping/pong pair', () => {
    const d = new SocketIoDecoder();
    expect(text(d, 'client', '40/secure,{"token":"x"}').packets[0]?.pair).toMatchObject({
      op: 'open',
      key: 'connect:/secure',
    });
    expect(text(d, 'server', '44/secure,{"message":"bad"}').packets[0]?.pair).toEqual({
      op: 'answer',
      key: 'connect:/secure',
      final: true,
      error: true,
    });
    expect(text(d, 'server', '2').packets[0]?.pair).toMatchObject({ op: 'open', key: 'eio-ping:server:' });
    expect(text(d, 'client', '3').packets[0]?.pair).toMatchObject({ op: 'answer', key: 'eio-ping:server:' });
  });

  it('Engine.IO v3 binary messages carry a 0x04 type byte; the version comes from the target', () => {
    expect(engineIoVersion('/socket.io/?EIO=3&transport=websocket')).toBe(3);
    const d = new SocketIoDecoder(3);
    expect(d.decode('server', new Uint8Array([4, 0xaa]), null).packets[0]?.summary).toBe('binary message (1 bytes)');
    expect(d.decode('server', new Uint8Array([0xaa]), null).malformed?.offset).toBe(0);
  });

  it('bad packets are malformed with the offset of the problem', () => {
    const d = new SocketIoDecoder();
    expect(text(d, 'client', '9').malformed).toEqual({ offset: 0, message: 'unknown Engine.IO packet type "9"' });
    // '42[' + broken JSON: the JSON error's offset plus the two type digits.
    expect(text(d, 'client', '42["chat",]').malformed?.offset).toBe(2 + 9);
    expect(text(d, 'client', '42{"a":1}').malformed?.message).toBe('EVENT payload is not a non-empty array');
  });
});
