// `wsscope handshake <capture> [--connection N]`: the opening handshake, explained.
//
// The human view (format table, the default everywhere) prints per connection: the raw request
// and response heads as sent, the parsed headers, and the Sec-WebSocket-Accept computation of
// RFC 6455 §4.2.2 one step per line (key, key + GUID, SHA-1 hex, base64, verdict), then what was
// negotiated. json/ndjson print the same as objects.

import type { ConnectionRecord, Handshake, HttpRequestHead, HttpResponseHead } from '../../decoder/index.js';
import { intOption, type ParsedArgs, UsageError } from '../args.js';
import { printable } from '../cells.js';
import { endpointText } from '../columns.js';
import { type CliContext, capturePath, chooseFormat, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { jobsOption } from '../jobs.js';
import { chooseKeyLog } from '../keylog.js';
import { acceptValid, connectionRange, extensionText } from '../records.js';

const latin1 = new TextDecoder('latin1');

function rawText(raw: Uint8Array): string[] {
  return latin1
    .decode(raw)
    .replace(/\r\n\r\n$/, '')
    .split('\r\n')
    .map((line) => printable(line));
}

function headJson(head: HttpRequestHead | HttpResponseHead) {
  return { ...head, raw: latin1.decode(head.raw) };
}

export function handshakeJson(c: ConnectionRecord, h: Handshake) {
  return {
    connection: c.id,
    client: c.client,
    server: c.server,
    request: h.request ? headJson(h.request) : null,
    response: h.response ? headJson(h.response) : null,
    accept: { ...h.accept, valid: acceptValid(h) },
    upgraded: h.upgraded,
    subprotocol: h.subprotocol,
    offeredSubprotocols: h.offeredSubprotocols,
    offeredExtensions: h.offeredExtensions.map((e) => ({ ...e, text: extensionText(e) })),
    extensions: h.extensions.map((e) => ({ ...e, text: extensionText(e) })),
    deflate: h.deflate,
  };
}

function verdict(h: Handshake): string {
  const a = h.accept;
  if (a.valid) return 'ok: Sec-WebSocket-Accept matches the key';
  if (a.key === null) return 'no check: the request has no Sec-WebSocket-Key';
  if (!h.response) return 'no check: no response in the capture';
  if (a.received === null) return `no check: the response (${h.response.status}) has no Sec-WebSocket-Accept`;
  return `MISMATCH: the server sent ${a.received}, the key requires ${a.expected}`;
}

export function handshakeText(c: ConnectionRecord, h: Handshake): string {
  const lines: string[] = [];
  lines.push(`Connection ${c.id}: ${endpointText(c.client)} → ${endpointText(c.server)} (${c.kind})`);
  const t = c.tls;
  if (t) {
    // Over TLS: what the TLS handshake negotiated, and whose keys opened it.
    const alpn = t.alpn ? `, ALPN ${t.alpn}` : '';
    lines.push(
      `  TLS: ${t.version ?? '?'} ${t.cipher ?? ''}, SNI ${t.sni ?? '(none)'}${alpn}; ${t.decrypted ? `decrypted with ${t.keyLogLine}` : t.reason}`,
    );
  }
  const head = (title: string, x: HttpRequestHead | HttpResponseHead | null): void => {
    lines.push('');
    if (!x) {
      lines.push(`${title}: not in the capture`);
      return;
    }
    lines.push(`${title} (packet ${x.record}, ${x.raw.byteLength} bytes):`);
    for (const l of rawText(x.raw)) lines.push(`  ${l}`);
  };
  head('Request', h.request);
  head('Response', h.response);
  const headers = (title: string, list: [string, string][] | undefined): void => {
    if (!list?.length) return;
    lines.push('', `${title} headers (${list.length}, in wire order):`);
    const width = Math.min(28, Math.max(...list.map(([n]) => n.length)));
    for (const [name, value] of list) lines.push(`  ${name.padEnd(width)}  ${printable(value)}`);
  };
  headers('Request', h.request?.headers);
  headers('Response', h.response?.headers);
  const a = h.accept;
  lines.push(
    '',
    'Sec-WebSocket-Accept (RFC 6455 §4.2.2):',
    `  1. key                ${a.key ?? '(none)'}`,
    `  2. key + GUID         ${a.keyWithGuid ?? '-'}`,
    `  3. SHA-1 (hex)        ${a.sha1Hex ?? '-'}`,
    `  4. base64 = expected  ${a.expected ?? '-'}`,
    `     received           ${a.received ?? '(none)'}`,
    `  5. verdict            ${verdict(h)}`,
    '',
    `Upgraded: ${h.upgraded ? 'yes' : 'no'}${h.response ? ` (${h.response.status} ${h.response.reason})` : ''}`,
    `Subprotocol: ${h.subprotocol ?? '(none)'}${h.offeredSubprotocols.length ? ` (offered: ${h.offeredSubprotocols.join(', ')})` : ''}`,
    `Extensions offered: ${h.offeredExtensions.map(extensionText).join(', ') || '(none)'}`,
    `Extensions accepted: ${h.extensions.map(extensionText).join(', ') || '(none)'}`,
  );
  if (h.deflate) {
    const d = h.deflate;
    lines.push(
      `permessage-deflate: client window ${d.clientMaxWindowBits} bits${d.clientNoContextTakeover ? ', no context takeover' : ''}; ` +
        `server window ${d.serverMaxWindowBits} bits${d.serverNoContextTakeover ? ', no context takeover' : ''}`,
    );
  }
  // Every line, not only the raw heads and header values: a target, subprotocol or extension
  // name from the capture must not reach the terminal with its control characters.
  return lines.map(printable).join('\n') + '\n';
}

export async function runHandshake(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'handshake';
  const path = capturePath(args, command);
  const only = intOption(args, 'connection', command, { min: 1, max: Number.MAX_SAFE_INTEGER });
  const format = chooseFormat(args, command, ctx, { pipeDefault: 'table', allowed: ['table', 'json', 'ndjson'] });
  const out = makeOutput(ctx, format);
  const summary = await decodeCaptureFile(path, out, () => {}, {
    progress: args.values['no-progress'] !== true,
    jobs: jobsOption(args, 'handshake'),
    ctx,
    keyLog: await chooseKeyLog(args, ctx),
  });
  let chosen = summary.connections.filter((c) => c.handshake !== null);
  if (only !== undefined) {
    const c = summary.connections.find((x) => x.id === only);
    if (!c) throw new UsageError(`no connection ${only} in ${path} (${connectionRange(summary.connections)})`, command);
    if (!c.handshake) {
      ctx.warn(`connection ${only} in ${path} has no HTTP handshake in the capture (${c.kind})`);
      return 0;
    }
    chosen = [c];
  }
  const items = chosen.map((c) => ({ c, h: c.handshake! }));
  if (format === 'table') {
    out.text(items.map(({ c, h }) => handshakeText(c, h)).join('\n' + '─'.repeat(72) + '\n\n'));
  } else if (format === 'json') {
    out.text(
      JSON.stringify(
        items.map(({ c, h }) => handshakeJson(c, h)),
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const { c, h } of items) out.text(JSON.stringify(handshakeJson(c, h)) + '\n');
  }
  await out.flush();
  if (items.length === 0 && only === undefined) {
    const ws = summaryWarnings(summary, { hint: 'command' });
    if (ws.length) for (const line of ws) ctx.warn(line);
    else ctx.warn(`no WebSocket handshake in ${path}`);
  } else {
    for (const line of summaryWarnings(summary, { hint: 'command' })) ctx.warn(line);
  }
  return 0;
}
