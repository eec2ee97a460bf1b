// The client side of a connection as a script that replays it against a server: the same
// messages (text, binary, pings, and the close with its code and reason), in order, each sent
// at the same offset from the opening handshake as in the capture. Node (the `ws` package) and
// Python (`websockets`, any version from 10). Compression is off in both, so the payload bytes
// on the wire are the message bytes. The target URL defaults to the captured one; the first
// command-line argument overrides it.

import { type ConnectionRecord, type MessageRecord, toBase64 } from '../../../decoder/index.js';
import { CLIENT_OWN_HEADERS, websocketUrl } from './commands.js';

interface Step {
  /** Seconds after the connection opened. */
  at: number;
  kind: 'text' | 'binary' | 'ping' | 'pong';
  /** Text, or base64 for the others. */
  data: string;
}

interface Plan {
  url: string;
  protocols: string[];
  headers: [string, string][];
  steps: Step[];
  close: { code: number | null; reason: string; at: number } | null;
}

function planOf(c: ConnectionRecord, messages: readonly MessageRecord[]): Plan {
  const open = c.handshake?.response?.time ?? c.firstTime;
  const mine = messages.filter((m) => m.connectionId === c.id && m.direction === 'client');
  const steps: Step[] = [];
  let close: Plan['close'] = null;
  const offset = (t: number) => Math.max(0, Math.round((t - open) * 1e6) / 1e6);
  for (const m of mine) {
    if (m.type === 'text') steps.push({ at: offset(m.firstTime), kind: 'text', data: m.text ?? '' });
    else if (m.type === 'binary') steps.push({ at: offset(m.firstTime), kind: 'binary', data: toBase64(m.payload) });
    else if (m.type === 'ping' || m.type === 'pong')
      steps.push({ at: offset(m.firstTime), kind: m.type, data: toBase64(m.payload) });
    else if (m.type === 'close' && close === null)
      close = { code: m.close?.code ?? null, reason: m.close?.reason ?? '', at: offset(m.firstTime) };
  }
  return {
    url: websocketUrl(c),
    protocols: c.handshake?.offeredSubprotocols ?? [],
    headers: (c.handshake?.request?.headers ?? []).filter(([k]) => !CLIENT_OWN_HEADERS.has(k.toLowerCase())),
    steps,
    close,
  };
}

const js = (v: unknown) => JSON.stringify(v);

export function replayNodeScript(c: ConnectionRecord, messages: readonly MessageRecord[]): string {
  const p = planOf(c, messages);
  const steps = p.steps.map((s) => `  [${s.at}, ${js(s.kind)}, ${js(s.data)}],`).join('\n');
  return `// Replays the client side of connection ${c.id} (captured ${new Date(c.firstTime * 1000).toISOString()}),
// made by wsscope: the same messages with the same pacing. Needs Node 18+ and \`npm install ws\`.
// Usage: node replay.cjs [URL]   (default: the captured URL)
const WebSocket = require('ws');

const url = process.argv[2] || ${js(p.url)};
const protocols = ${js(p.protocols)};
const headers = ${js(Object.fromEntries(p.headers))};
// [seconds after the connection opened, kind, text or base64 payload]
const steps = [
${steps}
];
const close = ${js(p.close)};

const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
const sleepUntil = (start, at) => new Promise((r) => setTimeout(r, Math.max(0, start + at * 1000 - Date.now())));
ws.on('error', (error) => {
  console.error(\`replay: \${error.message}\`);
  process.exitCode = 1;
});
ws.on('message', (data, isBinary) => console.log(\`< \${isBinary ? \`[\${data.length} bytes]\` : data.toString()}\`));
ws.on('open', async () => {
  const start = Date.now();
  for (const [at, kind, data] of steps) {
    await sleepUntil(start, at);
    if (kind === 'text') ws.send(data);
    else if (kind === 'binary') ws.send(Buffer.from(data, 'base64'), { binary: true });
    else if (kind === 'ping') ws.ping(Buffer.from(data, 'base64'));
    else ws.pong(Buffer.from(data, 'base64'));
    console.log(\`> \${kind} at \${at.toFixed(3)} s\`);
  }
  if (close) {
    await sleepUntil(start, close.at);
    if (close.code === null) ws.close();
    else ws.close(close.code, close.reason);
  } else ws.close();
});
`;
}

export function replayPythonScript(c: ConnectionRecord, messages: readonly MessageRecord[]): string {
  const p = planOf(c, messages);
  const steps = p.steps.map((s) => `    (${s.at}, ${js(s.kind)}, ${js(s.data)}),`).join('\n');
  const close = p.close ? `(${p.close.code ?? 'None'}, ${js(p.close.reason)}, ${p.close.at})` : 'None';
  return `#!/usr/bin/env python3
# Replays the client side of connection ${c.id} (captured ${new Date(c.firstTime * 1000).toISOString()}),
# made by wsscope: the same messages with the same pacing. Needs \`pip install websockets\` (10 or later).
# Usage: python3 replay.py [URL]   (default: the captured URL)
import asyncio
import base64
import sys
import time

try:  # websockets 13+
    from websockets.asyncio.client import connect
    HEADERS = "additional_headers"
except ImportError:  # websockets 10-12
    from websockets import connect
    HEADERS = "extra_headers"

URL = sys.argv[1] if len(sys.argv) > 1 else ${js(p.url)}
PROTOCOLS = ${js(p.protocols)} or None
EXTRA_HEADERS = ${js(p.headers)}
# (seconds after the connection opened, kind, text or base64 payload)
STEPS = [
${steps}
]
CLOSE = ${close}


async def main():
    async with connect(URL, subprotocols=PROTOCOLS, compression=None, **{HEADERS: EXTRA_HEADERS}) as ws:
        start = time.monotonic()
        for at, kind, data in STEPS:
            delay = at - (time.monotonic() - start)
            if delay > 0:
                await asyncio.sleep(delay)
            if kind == "text":
                await ws.send(data)
            elif kind == "binary":
                await ws.send(base64.b64decode(data))
            elif kind == "ping":
                await ws.ping(base64.b64decode(data))
            else:
                await ws.pong(base64.b64decode(data))
            print(f"> {kind} at {at:.3f} s")
        if CLOSE is not None:
            delay = CLOSE[2] - (time.monotonic() - start)
            if delay > 0:
                await asyncio.sleep(delay)
            if CLOSE[0] is None:
                await ws.close()
            else:
                await ws.close(CLOSE[0], CLOSE[1])


asyncio.run(main())
`;
}
