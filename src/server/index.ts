// Browser mode: an HTTP server on loopback that serves the built UI (dist/ui) and the /api routes
// (./api.ts) the renderer's ServerShell uses. `wsscope serve` and `npm start` (without Electron)
// both call startServer.
//
// Rules: bound to 127.0.0.1 unless a host is given; requests whose Host header is not loopback are
// refused while bound to loopback (DNS rebinding); every response carries the CSP and hardening
// headers (./security.ts). close() stops every live capture it started and drops open
// connections, so a test or Ctrl-C never leaves tcpdump running.
// Bound beyond loopback, every request needs the access token printed in the URL, the Host header
// must name an address we were started for (./access.ts), and live capture is off unless
// `allowRemoteCapture`. Per-server caps and timeouts are in ./limits.ts.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLiveCapture as startRealLiveCapture } from '../node/live-capture.js';
import type { StartLiveCapture } from '../node/streams/live-session.js';
import { StreamRegistry } from '../node/streams/registry.js';
import {
  allowedHostNames,
  hostIsAllowed,
  newAccessToken,
  presentedToken,
  setTokenCookie,
  tokenMatches,
} from './access.js';
import { type ApiState, handleApi, limitState, registerFile } from './api.js';
import { sendText } from './http-util.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
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
  /** Bound beyond loopback: allow POST /api/live (off by default: it hands tcpdump to the network). */
  allowRemoteCapture?: boolean;
  /** Bound beyond loopback: more names the Host header may use (a DNS name, a proxy's name). */
  publicNames?: string[];
  /** Caps and timeouts; defaults in ./limits.ts. */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  /** The URL to open; beyond loopback it carries `?token=`. */
  url: string;
  /** False when bound to loopback (no token needed). */
  remote: boolean;
  /** The access token (null on loopback). */
  token: string | null;
  /** Live capture through POST /api/live is possible. */
  liveAllowed: boolean;
  close(): Promise<void>;
}

const moduleDir = dirname(fileURLToPath(import.meta.url));

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const uiDir = resolve(options.uiDir ?? join(moduleDir, '..', 'ui'));
  const loopbackOnly = isLoopbackAddress(host);
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const streams = new StreamRegistry({ everyReadFromStart: true });
  const state: ApiState = {
    version: packageVersion(),
    initial: null,
    streams,
    startLiveCapture: options.startLiveCapture ?? startRealLiveCapture,
    liveAllowed: loopbackOnly || options.allowRemoteCapture === true,
    ...limitState(limits, streams),
  };
  if (options.capture !== undefined) state.initial = await registerFile(state, resolve(options.capture));

  const token = loopbackOnly ? null : newAccessToken();
  const hostNames = allowedHostNames(host, options.publicNames);
  let port = 0;
  const server = createServer(
    { requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs },
    (req, res) => {
      void handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendText(res, 500, `internal error: ${String(error)}`);
        else res.destroy();
      });
    },
  );
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    if (loopbackOnly && !hostIsLoopback(req.headers.host, port)) {
      return sendText(res, 403, `refused: Host "${req.headers.host ?? ''}" is not this loopback server`);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    if (token !== null) {
      if (!hostIsAllowed(req.headers.host, port, hostNames)) {
        return sendText(
          res,
          403,
          `refused: Host "${req.headers.host ?? ''}" is not a name this server was started for`,
        );
      }
      const presented = presentedToken(req, url, port);
      if (!tokenMatches(presented.value, token)) {
        return sendText(res, 401, 'this server needs its access token: open the URL wsscope serve printed');
      }
      if (presented.fromQuery) {
        setTokenCookie(res, port, token);
        // A page: drop the token from the address bar (and history) now that the cookie holds it.
        if (!pathname.startsWith('/api/') && (req.method === 'GET' || req.method === 'HEAD')) {
          url.searchParams.delete('token');
          res.writeHead(303, { location: `${pathname}${url.search}`, 'cache-control': 'no-store' });
          res.end();
          return;
        }
      }
    }
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
    url: `http://${urlHost}:${port}/${token === null ? '' : `?token=${token}`}`,
    remote: !loopbackOnly,
    token,
    liveAllowed: state.liveAllowed,
    close() {
      closing ??= (async () => {
        state.liveIdle.closeAll();
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
