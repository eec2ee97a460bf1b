// What the page's JavaScript sees, written as the code a class would type: the WebSocket
// constructor from the captured request, send() and message events with the captured payloads,
// the open event's protocol and extensions. Values are the capture's own, cut to one line.

import type { ConnectionRecord, MessageRecord } from '../../../../decoder/index.js';

const MAX = 48;

/** A JavaScript string literal of `text`, cut to MAX characters; single-quoted when that reads better (JSON). */
export function jsString(text: string): string {
  const cut = text.length > MAX ? `${text.slice(0, MAX)}…` : text;
  const plain = [...cut].every((ch) => ch >= ' ' && ch !== "'" && ch !== '\\' && ch !== '\u2028' && ch !== '\u2029');
  if (cut.includes('"') && plain) return `'${cut}'`;
  return JSON.stringify(cut);
}

function header(headers: [string, string][] | undefined, name: string): string | null {
  return headers?.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
}

/** `new WebSocket("ws://host/path", ["chat.v1"])` as the page that opened this connection wrote it. */
export function constructorLine(c: ConnectionRecord): string {
  const req = c.handshake?.request;
  const host = header(req?.headers, 'host') ?? `${c.server.address}:${c.server.port}`;
  const url = JSON.stringify(`ws://${host}${req?.target ?? '/'}`);
  const protocols = c.handshake?.offeredSubprotocols ?? [];
  return `const ws = new WebSocket(${url}${protocols.length ? `, ${JSON.stringify(protocols)}` : ''});`;
}

/** The open event and what it tells the page. */
export function openLines(c: ConnectionRecord): string[] {
  const res = c.handshake?.response;
  return [
    'ws.onopen // fires: readyState 1',
    `ws.protocol   // ${JSON.stringify(c.handshake?.subprotocol ?? '')}`,
    `ws.extensions // ${jsString(header(res?.headers, 'sec-websocket-extensions') ?? '')}`,
  ];
}

/** send() on the client's side, a message event on the server's. */
export function messageLines(m: MessageRecord): string[] {
  const data = m.text != null ? jsString(m.text) : `ArrayBuffer(${m.payload.length})`;
  return m.direction === 'client' ? [`ws.send(${data});`] : [`ws.onmessage // event.data === ${data}`];
}

export function ApiCode({ lines }: { lines: string[] }) {
  return (
    <pre className="api-code" data-testid="api-code">
      {lines.join('\n')}
    </pre>
  );
}
