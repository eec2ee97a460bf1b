// Fields of the HTTP/1.1 upgrade (and of other requests on the same connection), Wireshark's
// names. Read at the connection (a message or frame reads its connection's handshake).

import type { ConnectionRecord, HttpRequestHead, HttpResponseHead } from '../../records.js';
import type { FieldLayer, FieldValue } from '../field-def.js';

function requests(c: ConnectionRecord): HttpRequestHead[] {
  const out: HttpRequestHead[] = [];
  for (const x of c.httpExchanges) out.push(x.request);
  if (c.handshake?.request && !out.includes(c.handshake.request)) out.push(c.handshake.request);
  return out;
}

function responses(c: ConnectionRecord): HttpResponseHead[] {
  const out: HttpResponseHead[] = [];
  for (const x of c.httpExchanges) if (x.response) out.push(x.response);
  if (c.handshake?.response && !out.includes(c.handshake.response)) out.push(c.handshake.response);
  return out;
}

function many<T>(items: T[], read: (t: T) => string | number | null): FieldValue {
  const values: (string | number)[] = [];
  for (const item of items) {
    const v = read(item);
    if (v !== null) values.push(v);
  }
  return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

function header(headers: [string, string][], name: string): string | null {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v;
  return null;
}

export const HTTP_LAYER: FieldLayer = {
  protocol: 'http',
  title: 'HTTP/1.1: the upgrade request and response (and other requests on the connection)',
  fields: [
    { name: 'http', type: 'protocol', blurb: 'HTTP', connection: (c) => requests(c).length > 0 || null },
    {
      name: 'http.request.method',
      type: 'string',
      blurb: 'request method (GET for an upgrade)',
      connection: (c) => many(requests(c), (r) => r.method),
    },
    {
      name: 'http.request.uri',
      type: 'string',
      blurb: 'request target as sent (path and query)',
      connection: (c) => many(requests(c), (r) => r.target),
    },
    {
      name: 'http.request.version',
      type: 'string',
      blurb: 'HTTP version of the request, e.g. HTTP/1.1',
      connection: (c) => many(requests(c), (r) => r.version),
    },
    {
      name: 'http.host',
      type: 'string',
      blurb: 'the Host header',
      connection: (c) => many(requests(c), (r) => header(r.headers, 'host')),
    },
    {
      name: 'http.user_agent',
      type: 'string',
      blurb: 'the User-Agent header',
      connection: (c) => many(requests(c), (r) => header(r.headers, 'user-agent')),
    },
    {
      name: 'http.request.line',
      type: 'string',
      blurb: 'a request header line, "Name: value"',
      connection: (c) => {
        const lines = requests(c).flatMap((r) => r.headers.map(([k, v]) => `${k}: ${v}`));
        return lines.length ? lines : null;
      },
    },
    {
      name: 'http.response.code',
      type: 'uint',
      blurb: 'response status code (101 for an accepted upgrade)',
      connection: (c) => many(responses(c), (r) => r.status),
    },
    {
      name: 'http.response.phrase',
      type: 'string',
      blurb: 'response reason phrase',
      connection: (c) => many(responses(c), (r) => r.reason),
    },
    {
      name: 'http.response.line',
      type: 'string',
      blurb: 'a response header line, "Name: value"',
      connection: (c) => {
        const lines = responses(c).flatMap((r) => r.headers.map(([k, v]) => `${k}: ${v}`));
        return lines.length ? lines : null;
      },
    },
  ],
};
