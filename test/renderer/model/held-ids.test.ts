// The frames and messages tables' rows under a filter or a search (held-ids.ts): the ids of a result
// that the page holds, made again only when the held frames or the result changed, so that a
// version published for preview texts alone (every scroll step of a big table) costs nothing.
// On the bundled sample (two WebSocket connections, sample.pcap.intent.json), decoded as the worker
// does and applied batch by batch as the page does.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/decoder/index.js';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { HeldIdsCache } from '../../../src/renderer/model/held-ids.js';
import { FindingCodesCache } from '../../../src/renderer/views/messages/finding-codes.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';

const bytes = new Uint8Array(readFileSync('fixtures/sample.pcap'));
const intent = JSON.parse(readFileSync('fixtures/sample.pcap.intent.json', 'utf8')) as { connections: unknown[] };

/** The sample decoded in `piece`-byte pieces; `onBatch` sees the page's data after each batch. */
function load(piece: number, onBatch: (data: CaptureData) => void): CaptureData {
  const engine = new DecodeEngine(bytes.length);
  const data = new CaptureData();
  for (let at = 0; at < bytes.length; at += piece) {
    engine.push(bytes.subarray(at, at + piece));
    data.apply(engine.takeBatch());
    onBatch(data);
  }
  engine.end();
  while (engine.hasPending()) {
    data.apply(engine.takeBatch());
    onBatch(data);
  }
  return data;
}

/** A finding on connection 1, as a later batch would bring one. */
function tooLarge(messageId: number | null): Finding {
  return {
    code: 'message.too-large',
    severity: 'error',
    rfc: null,
    message: 'a message over the limit',
    connectionId: 1,
    direction: 'client',
    packet: null,
    frameId: null,
    messageId,
    time: null,
  };
}

const list = (ids: { length: number; at(i: number): number }) =>
  Array.from({ length: ids.length }, (_, i) => ids.at(i));

const whole = load(1 << 20, () => {});
const all = whole.frames.all();
// every frame id the capture has, as a filter matching everything answers them
const source = Int32Array.from(all.map((f) => f.id));

describe('the rows of a filter or a search', () => {
  it('are the held frames of the result, with the connections they span', () => {
    expect(intent.connections.length).toBe(2);
    const cache = new HeldIdsCache();
    const conn = (id: number) => whole.frames.connectionOf(id);
    const held = cache.of(whole.frames, source, null, conn);
    expect(list(held.ids)).toEqual(all.map((f) => f.id));
    expect(held.connCount).toBe(2);
    // a search's frames of one connection: only those, one connection
    const second = new Set(all.filter((f) => f.connectionId !== all[0].connectionId).map((f) => f.id));
    expect(second.size).toBeGreaterThan(0);
    const searched = cache.of(whole.frames, source, second, conn);
    expect(list(searched.ids)).toEqual([...second]);
    expect(searched.connCount).toBe(1);
  });

  it('are made again only when a frame came, not when a version only brought preview texts', () => {
    const cache = new HeldIdsCache();
    let previous = cache.of(new CaptureData().frames, source);
    let remade = 0;
    let batches = 0;
    load(256, (data) => {
      batches++;
      const held = data.frames.held;
      const now = cache.of(data.frames, source);
      if (now !== previous) remade++;
      // exactly the result's frames the page holds now, in the result's order
      expect(list(now.ids)).toEqual([...source].filter((id) => data.frames.has(id)));
      // asked again with nothing new (a version for previews alone): the same rows, not a copy
      data.version++;
      expect(cache.of(data.frames, source)).toBe(now);
      expect(data.frames.held).toBe(held);
      previous = now;
    });
    // frames came in several batches, each once
    expect(remade).toBeGreaterThan(2);
    expect(remade).toBeLessThan(batches);
    expect(previous.ids.length).toBe(source.length);
  });

  it('are made again for another result or another search', () => {
    const cache = new HeldIdsCache();
    const first = cache.of(whole.frames, source);
    expect(first.connCount).toBe(0);
    // the same rows asked with their connections counted: counted now (the sample's two)
    expect(cache.of(whole.frames, source, null, (id) => whole.frames.connectionOf(id)).connCount).toBe(2);
    expect(cache.of(whole.frames, source.slice())).not.toBe(first);
    const only = new Set([source[0]]);
    const searched = cache.of(whole.frames, source, only);
    expect(list(searched.ids)).toEqual([source[0]]);
    expect(cache.of(whole.frames, source, new Set(only))).not.toBe(searched);
  });

  it("of messages are a search's messages the page holds, made again only when messages came", () => {
    const cache = new HeldIdsCache();
    const messages = whole.messages.all().map((m) => m.id);
    // the sample's 20 messages (sample.pcap.intent.json counts them per connection)
    expect(messages.length).toBe(20);
    const found = messages.filter((_, i) => i % 2 === 0);
    let last = cache.of(new CaptureData().messages, found);
    load(256, (data) => {
      const now = cache.of(data.messages, found);
      expect(list(now.ids)).toEqual(found.filter((id) => data.messages.has(id)));
      data.version++;
      expect(cache.of(data.messages, found)).toBe(now);
      last = now;
    });
    expect(list(last.ids)).toEqual(found);
  });
});

describe('finding codes by message', () => {
  it('are made again only when findings came', () => {
    const cache = new FindingCodesCache();
    const findings = [...whole.findings];
    const first = cache.of(findings);
    expect(cache.of(findings)).toBe(first);
    const messageId = whole.messages.all()[0].id;
    findings.push(tooLarge(messageId));
    const next = cache.of(findings);
    expect(next).not.toBe(first);
    expect(next.get(messageId)).toContain('message.too-large');
  });
});

describe('lists the views read at every version', () => {
  it('connections: the same list until a batch brings connections, then a new one with them', () => {
    let lists = 0;
    let last: unknown = null;
    load(256, (data) => {
      const list = data.connectionList();
      if (list !== last) lists++;
      last = list;
      // a version for preview texts alone: the same list
      data.version++;
      expect(data.connectionList()).toBe(list);
      // in id order, every connection held
      expect(list.map((c) => c.id)).toEqual([...data.connections.keys()].sort((a, b) => a - b));
    });
    // the sample's connections arrive and change (their counts) over several batches
    expect(lists).toBeGreaterThan(2);
  });

  it("a connection's findings and all findings: made again only when findings came", () => {
    const data = load(1 << 20, () => {});
    const all = data.allFindings();
    const first = data.findingsFor(1);
    data.version++;
    expect(data.allFindings()).toBe(all);
    expect(data.findingsFor(1)).toBe(first);
    const finding = tooLarge(null);
    data.findings.push(finding);
    expect(data.allFindings()).toHaveLength(all.length + 1);
    expect(data.findingsFor(1)).toEqual([...first, finding]);
    expect(data.findingsFor(3)).not.toContain(finding);
  });
});
