// What the filter bar offers at the caret (hand-worked expectations from the field list).
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../../src/renderer/views/filter/completion.js';

const at = (text: string) => completionAt(text, text.length);

describe('filter completion', () => {
  it('field names by prefix', () => {
    expect(at('websocket.op').items).toEqual(['websocket.opcode']);
    expect(at('tcp.').items).toEqual(['tcp.port', 'tcp.srcport', 'tcp.dstport', 'tcp.stream']);
    expect(at('tcp.port == 80 && ws.dir').items).toEqual(['ws.direction']);
  });

  it("a field's values after its operator", () => {
    expect(at('websocket.opcode == ').items).toEqual(['continuation', 'text', 'binary', 'close', 'ping', 'pong']);
    expect(at('websocket.opcode == b').items).toEqual(['binary']);
    expect(at('ws.direction != ').items).toEqual(['client', 'server']);
    expect(at('websocket.fin == ').items).toEqual(['true', 'false']);
    expect(at('ws.message.type in {text, b').items).toEqual(['binary']);
  });

  it('operators after a complete field name', () => {
    expect(at('websocket.mask ').items).toContain('==');
  });

  it('replaces the word under the caret', () => {
    const c = completionAt('websocket.opc == 1', 13);
    expect([c.from, c.to]).toEqual([0, 13]);
  });
});
