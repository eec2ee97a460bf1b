// HAR export (Chrome's `_webSocketMessages` form) and import. Expected messages come from the
// generator's intent file (b_ws_concurrent.pcap.intent.json); the HAR shape from the HAR 1.2
// schema (har-schema) and from Chrome DevTools' format as documented in the issue.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, type DecoderEvent, fromBase64, harOf, readHar } from '../../../src/decoder/index.js';
import { harValidator } from '../../helpers/har-schema.js';

const ROOT = join(import.meta.dirname, '../../..');
const NAME = 'fixtures/captures/b_ws_concurrent.pcap';
const intent = JSON.parse(readFileSync(join(ROOT, `${NAME}.intent.json`), 'utf8')) as {
  connections: {
    path: string;
    messages: { dir: 'c2s' | 's2c'; opcode: number; length: number; sha256: string }[];
  }[];
};
const analysis = analyzeCapture(new Uint8Array(readFileSync(join(ROOT, NAME))));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const validate = harValidator();

describe('export as HAR 1.2', () => {
  const { har, skipped } = harOf(analysis.connections, analysis.messages, { name: 'wsscope', version: 'test' });

  it('validates against the HAR 1.2 schema', () => {
    expect(validate(har)).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it('has one websocket entry per connection with its upgrade request and 101 response', () => {
    expect(har.log.entries.map((e) => new URL(e.request.url).pathname).sort()).toEqual(
      intent.connections.map((c) => c.path).sort(),
    );
    for (const e of har.log.entries) {
      expect(e._resourceType).toBe('websocket');
      expect(e.request.url).toMatch(/^ws:\/\/127\.0\.0\.1:18412\/c\d$/);
      expect(e.response.status).toBe(101);
      expect(e.request.headers.some((h) => h.name === 'Sec-WebSocket-Key')).toBe(true);
      expect(e.response.headers.some((h) => h.name === 'Sec-WebSocket-Accept')).toBe(true);
    }
  });

  it('writes every data message as Chrome does: send/receive, epoch seconds, opcode, text or base64', () => {
    for (const c of intent.connections) {
      const entry = har.log.entries.find((e) => e.request.url.endsWith(c.path))!;
      // The intent lists each direction's messages in order (directions interleave on the wire).
      for (const [dir, type] of [
        ['c2s', 'send'],
        ['s2c', 'receive'],
      ] as const) {
        const got = entry._webSocketMessages!.filter((m) => m.type === type);
        const expected = c.messages.filter((m) => m.dir === dir);
        expect(got.map((m) => m.opcode)).toEqual(expected.map((m) => m.opcode));
        got.forEach((m, i) => {
          const bytes = m.opcode === 1 ? new TextEncoder().encode(m.data) : fromBase64(m.data)!;
          expect(sha256(bytes)).toBe(expected[i].sha256);
          expect(m.time).toBeGreaterThan(1.7e9);
        });
      }
    }
  });

  it('imports back: the same connections, handshakes and messages; what a HAR cannot hold is absent', () => {
    const events = readHar(JSON.stringify(har));
    const connections = events.flatMap((e) => (e.kind === 'connection' ? [e.connection] : []));
    const messages = events.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
    expect(events.some((e) => e.kind === 'frame')).toBe(false);
    expect(connections.map((c) => c.handshake?.request?.target)).toEqual(
      har.log.entries.map((e) => new URL(e.request.url).pathname),
    );
    for (const c of connections) {
      expect(c.absent).toEqual(expect.arrayContaining(['packets', 'tcp', 'frames', 'masking']));
      expect(c.handshake?.accept.valid).toBe(true);
      expect(c.handshake?.deflate).not.toBeNull();
      const path = c.handshake!.request!.target;
      const expected = intent.connections.find((x) => x.path === path)!.messages;
      const mine = messages.filter((m) => m.connectionId === c.id);
      const key = (d: string) => (d === 'c2s' || d === 'client' ? 0 : 1);
      const sorted = [...mine].sort((a, b) => key(a.direction) - key(b.direction));
      expect(sorted.map((m) => [m.direction, m.opcode, m.payload.length, sha256(m.payload)])).toEqual(
        expected.map((m) => [m.dir === 'c2s' ? 'client' : 'server', m.opcode, m.length, m.sha256]),
      );
    }
  });
});

describe('import of HAR files made by browsers and proxies', () => {
  // Chrome DevTools' "Save all as HAR with content": a websocket entry as Chrome writes it
  // (HTTP/1.1 upgrade, _resourceType, _webSocketMessages with epoch-second times; binary as base64).
  const chrome = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries: [
        {
          _resourceType: 'websocket',
          startedDateTime: '2026-12-01T10:00:00.000Z',
          time: 12.5,
          request: {
            method: 'GET',
            url: 'wss://example.test/socket?room=7',
            httpVersion: 'HTTP/1.1',
            headers: [
              { name: 'Host', value: 'example.test' },
              { name: 'Upgrade', value: 'websocket' },
              { name: 'Connection', value: 'Upgrade' },
              { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
              { name: 'Sec-WebSocket-Version', value: '13' },
            ],
            queryString: [{ name: 'room', value: '7' }],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            httpVersion: 'HTTP/1.1',
            headers: [
              { name: 'Upgrade', value: 'websocket' },
              { name: 'Connection', value: 'Upgrade' },
              // RFC 6455 §1.3's worked example: this key gives this accept value.
              { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
            ],
            cookies: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
            _transferSize: 0,
          },
          cache: {},
          timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 10, receive: 1.5 },
          serverIPAddress: '203.0.113.5',
          connection: '4242',
          _webSocketMessages: [
            { type: 'send', time: 1796119200.1, opcode: 1, data: '{"op":"join"}' },
            { type: 'receive', time: 1796119200.2, opcode: 2, data: 'AAEC/w==' },
          ],
        },
        // an ordinary request beside it: not a WebSocket, not a connection here
        {
          startedDateTime: '2026-12-01T09:59:59.000Z',
          time: 5,
          request: { method: 'GET', url: 'https://example.test/', httpVersion: 'HTTP/2', headers: [] },
          response: { status: 200, statusText: '', httpVersion: 'HTTP/2', headers: [] },
          cache: {},
          timings: { send: 0, wait: 5, receive: 0 },
        },
      ],
    },
  };

  it('reads a Chrome recording: handshake checked, messages decoded, absent parts marked', () => {
    const events: DecoderEvent[] = readHar(JSON.stringify(chrome));
    const info = events.find((e) => e.kind === 'capture-info');
    expect(info?.kind === 'capture-info' && info.info.format).toBe('har');
    const connections = events.flatMap((e) => (e.kind === 'connection' ? [e.connection] : []));
    expect(connections).toHaveLength(1);
    const c = connections[0];
    expect(c.server).toEqual({ address: '203.0.113.5', port: 443 });
    // `connection: '4242'` is Chrome's socket id, not a port: the client's side is absent.
    expect(c.client).toEqual({ address: '', port: 0 });
    expect(c.absent).toContain('client-address');
    expect(c.handshake?.request?.target).toBe('/socket?room=7');
    expect(c.handshake?.accept.valid).toBe(true);
    expect(c.handshake?.accept.expected).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(c.absent).toContain('raw-heads');
    const messages = events.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
    expect(messages.map((m) => [m.direction, m.type, m.text, [...m.payload]])).toEqual([
      ['client', 'text', '{"op":"join"}', [...new TextEncoder().encode('{"op":"join"}')]],
      ['server', 'binary', null, [0, 1, 2, 255]],
    ]);
    expect(messages[1].time).toBe(1796119200.2);
  });

  it('reads a real Firefox HAR: the upgrade with its headers, and messages marked as not recorded', () => {
    // fixtures/har/firefox-153.har: written by Firefox 153's network monitor; its truth file names
    // the key and the accept value computed with Python's hashlib.
    const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures/har/firefox-153.truth.json'), 'utf8')) as {
      connections: { sec_websocket_key: string; expected_accept: string; extensions_accepted: string }[];
    };
    const events = readHar(readFileSync(join(ROOT, 'fixtures/har/firefox-153.har'), 'utf8'));
    const connections = events.flatMap((e) => (e.kind === 'connection' ? [e.connection] : []));
    // The page and its favicon are not WebSocket entries.
    expect(connections).toHaveLength(1);
    const c = connections[0];
    const want = truth.connections[0];
    expect(c.kind).toBe('websocket');
    // No serverIPAddress in Firefox's entry: the URL's address literal, and no invented client.
    expect(c.server).toEqual({ address: '127.0.0.1', port: 8765 });
    expect(c.client).toEqual({ address: '', port: 0 });
    expect(c.handshake?.request?.headers).toContainEqual(['Sec-WebSocket-Key', want.sec_websocket_key]);
    expect(c.handshake?.accept).toMatchObject({ expected: want.expected_accept, valid: true });
    // truth: "permessage-deflate; server_max_window_bits=12"
    expect(want.extensions_accepted).toBe('permessage-deflate; server_max_window_bits=12');
    expect(c.handshake?.extensions).toEqual([
      { name: 'permessage-deflate', params: [['server_max_window_bits', '12']] },
    ]);
    expect(c.absent).toEqual(expect.arrayContaining(['packets', 'frames', 'messages']));
    expect(events.some((e) => e.kind === 'message')).toBe(false);
    expect(events.some((e) => e.kind === 'finding')).toBe(false);
  });

  it('marks messages absent only when the entry has no _webSocketMessages', () => {
    const c = readHar(JSON.stringify(chrome)).find((e) => e.kind === 'connection');
    expect(c?.kind === 'connection' && c.connection.absent).not.toContain('messages');
  });

  it('says in one line when the text is not a HAR', () => {
    expect(readHar('{"not":"a har"}')).toEqual([{ kind: 'fatal', message: 'not a HAR file: no log.entries' }]);
    const [bad] = readHar('{ nope');
    expect(bad.kind).toBe('fatal');
  });
});
