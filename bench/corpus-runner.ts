// For bench/corpus-compare.mjs: decode each capture named on stdin (one path a line) and print
// one JSON line per file: its WebSocket connections (ports, kind, frames) as wsscope sees them.
// Bundled with esbuild by the driver; not part of npm test.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CaptureSession, type ConnectionRecord } from '../src/decoder/index.js';

function decode(path: string) {
  const start = performance.now();
  const session = new CaptureSession({ frameFields: false });
  const connections = new Map<number, ConnectionRecord>();
  let fatal: string | null = null;
  const take = (events: ReturnType<CaptureSession['drain']>) => {
    for (const e of events) {
      if (e.kind === 'connection') connections.set(e.connection.id, e.connection);
      else if (e.kind === 'fatal') fatal = e.message;
    }
  };
  session.pushAndDrain(new Uint8Array(readFileSync(path)), take);
  session.end();
  take(session.drain());
  const ws = [...connections.values()]
    .filter((c) => c.kind === 'websocket' || c.kind === 'websocket-no-handshake')
    .map((c) => ({
      ports: [c.client.port, c.server.port].sort((x, y) => x - y).join('-'),
      kind: c.kind,
      frames: c.stats.client.frames + c.stats.server.frames,
      confidence: c.guess?.confidence ?? null,
    }));
  const { skipped, decapsulated } = session.progress();
  return { ms: Math.round(performance.now() - start), fatal, ws, skipped, decapsulated };
}

const lines = createInterface({ input: process.stdin });
for await (const path of lines) {
  if (!path) continue;
  try {
    console.log(JSON.stringify({ path, ...decode(path) }));
  } catch (error) {
    console.log(JSON.stringify({ path, error: String(error) }));
  }
}
