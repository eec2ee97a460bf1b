// Browser mode: an HTTP server on loopback that serves the built UI (dist/ui) and the /api routes
// (./api.ts) the renderer's ServerShell uses. `wsscope serve` and `npm start` (without Electron)
// both call startServer.
//
// Rules: bound to 127.0.0.1 unless a host is given; requests whose Host header is not loopback are
// refused while bound to loopback (DNS rebinding); every response carries the CSP and hardening
// headers (./security.ts). close() stops every live capture it started and drops open
// connections, so a test or Ctrl-C never leaves tcpdump running.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLiveCapture as startRealLiveCapture } from '../node/live-capture.js';
import type { StartLiveCapture } from '../node/streams/live-session.js';
import { StreamRegistry } from '../node/streams/registry.js';
import { type ApiState, handleApi, registerFile } from './api.js';
import { sendText } from './http-util.js';
import { hostIsLoopback, isLoopbackAddress, setSecurityHeaders } from './security.js';
import { serveStatic } from './ui-route.js';

export interface ServerOptions {
  /** A capture file to offer as /api/initial. */
  capture?: string;
  /** Port; 0 (default) picks any free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** The built UI; default dist/ui next to the built code. */
  uiDir?: string;
  /** Replaces src/node/live-capture.ts (tests). */
  startLiveCapture?: StartLiveCapture;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const moduleDir = dirname(fileURLToPath(import.meta.url));

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const uiDir = resolve(options.uiDir ?? join(moduleDir, '..', 'ui'));
  const state: ApiState = {
    version: packageVersion(),
    initial: null,
    streams: new StreamRegistry({ everyReadFromStart: true }),
    startLiveCapture: options.startLiveCapture ?? startRealLiveCapture,
  };
  if (options.capture !== undefined) state.initial = await registerFile(state, resolve(options.capture));

  const loopbackOnly = isLoopbackAddress(host);
  let port = 0;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${String(error)}`);
      else res.destroy();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    if (loopbackOnly && !hostIsLoopback(req.headers.host, port)) {
      return sendText(res, 403, `refused: Host "${req.headers.host ?? ''}" is not this loopback server`);
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (await handleApi(state, req, res, pathname)) return;
    await serveStatic(uiDir, req, res);
  };

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    close() {
      closing ??= (async () => {
        await state.streams.closeAll();
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** package.json's version: two levels up from both src/server and dist/server. */
function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(join(moduleDir, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return json.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
