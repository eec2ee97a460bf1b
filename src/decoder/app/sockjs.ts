// SockJS's raw WebSocket transport framing (sockjs-protocol 0.3.3): the server sends `o` (open),
// `h` (heartbeat), `a[…]` (a JSON array of messages), `m"…"` (one message) and `c[code,"reason"]`
// (close); the client sends a JSON array of strings (or one JSON string). The inner messages are
// often STOMP (Spring's SockJS + STOMP), decoded as such when they look like it.

import type { Direction } from '../records.js';
import { looksStomp, StompDecoder } from './stomp.js';
import { type AppPacket, type AppResult, malformed, type ProtocolDecoder } from './types.js';
import { brief, parseJson, textOf } from './util.js';

const FRAMES: Record<string, string> = { o: 'open', h: 'heartbeat', a: 'array', m: 'message', c: 'close' };

export class SockJsDecoder implements ProtocolDecoder {
  private stomp: StompDecoder | null = null;

  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const s = text ?? textOf(payload);
    let messages: unknown;
    let kind = 'send';
    if (dir === 'server') {
      kind = FRAMES[s[0] ?? ''] ?? '';
      if (!kind) return malformed(0, `unknown SockJS frame ${JSON.stringify(s.slice(0, 1))}`);
      if (kind === 'open' || kind === 'heartbeat') {
        if (s.length !== 1) return malformed(1, `${kind} frame with trailing bytes`);
        return { packets: [{ kind, name: null, id: null, summary: `sockjs ${kind}` }], malformed: null };
      }
      const p = parseJson(s.slice(1));
      if (!p.ok) return malformed(1 + p.offset, p.message);
      if (kind === 'close')
        return {
          packets: [{ kind, name: null, id: null, summary: `sockjs close ${brief(p.value)}`, data: p.value }],
          malformed: null,
        };
      messages = kind === 'message' ? [p.value] : p.value;
    } else {
      const p = parseJson(s);
      if (!p.ok) return malformed(p.offset, p.message);
      messages = typeof p.value === 'string' ? [p.value] : p.value;
    }
    if (!Array.isArray(messages) || messages.some((m) => typeof m !== 'string'))
      return malformed(dir === 'server' ? 1 : 0, 'SockJS messages must be a JSON array of strings');
    const packets: AppPacket[] = [];
    for (const m of messages as string[]) {
      if (this.stomp === null && looksStomp(m)) this.stomp = new StompDecoder();
      if (this.stomp) {
        const inner = this.stomp.decode(dir, new TextEncoder().encode(m), m);
        if (inner.malformed) return malformed(0, `inner STOMP: ${inner.malformed.message}`, packets);
        packets.push(...inner.packets);
      } else packets.push({ kind: 'message', name: null, id: null, summary: brief(m), data: m });
    }
    if (packets.length === 0) packets.push({ kind, name: null, id: null, summary: `sockjs ${kind} (empty)` });
    return { packets, malformed: null };
  }
}
