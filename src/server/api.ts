// The /api routes of browser mode: the HTTP twin of the Electron IPC bridge. The renderer's
// ServerShell (src/renderer/shell/server-shell.ts) codes against exactly these:
//
//   GET  /api/initial                   -> 200 JSON StreamInfo | 204 (no capture given)
//   GET  /api/stream/:id                -> the stream's bytes, chunked (live: until stopped)
//        with Range: bytes=A-B          -> those bytes of a capture file (206; 409 if it changed)
//   POST /api/live  {port, interface?}  -> 200 JSON StreamInfo (capture started) | 4xx JSON {error}
//   POST /api/live/:id/stop             -> 204
//   GET  /api/live/:id/pcap             -> the capture as a pcapng download
//   GET  /api/health                    -> {ok:true, version}
//
// Like the IPC handlers, the server only moves bytes (the renderer's worker decodes) and trusts
// nothing from the client: ids must be ones its StreamRegistry made, live options pass
// src/node/validate.ts. A stream may be fetched any number of times; every GET starts at its first
// byte (the registry's everyReadFromStart mode: a live capture keeps all its bytes, so a late
// reader still sees the capture's file header).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LiveCaptureError } from '../node/live-capture.js';
import { toPcapng } from '../node/pcapng-writer.js';
import type { StartLiveCapture } from '../node/streams/live-session.js';
import { StreamChangedError, type StreamRegistry, UnknownStreamError } from '../node/streams/registry.js';
import { InvalidArgumentError, MAX_RANGE_BYTES, parseLiveOptions } from '../node/validate.js';
import type { StreamInfo } from '../shared/api.js';
import { HttpError, readJsonBody, sendError, sendJson, writeWithBackPressure } from './http-util.js';
import { Gauge, LiveIdleWatch, type ServerLimits } from './limits.js';
import { originIsOwn } from './security.js';

export interface ApiState {
  version: string;
  /** The capture given on the command line, registered at startup. */
  initial: StreamInfo | null;
  /** Made with everyReadFromStart: every GET of a stream starts at its first byte. */
  streams: StreamRegistry;
  startLiveCapture: StartLiveCapture;
  /** False on a server reachable from the network unless --allow-remote-capture was given. */
  liveAllowed: boolean;
  limits: ServerLimits;
  /** GET /api/stream responses in flight (./limits.ts). */
  streamGauge: Gauge;
  liveIdle: LiveIdleWatch;
}

/** The per-server resource state for `limits`; `streams` is the registry whose captures idle out. */
export function limitState(
  limits: ServerLimits,
  streams: StreamRegistry,
): Pick<ApiState, 'limits' | 'streamGauge' | 'liveIdle'> {
  return {
    limits,
    streamGauge: new Gauge(limits.maxStreams),
    liveIdle: new LiveIdleWatch(limits.liveIdleMs, (id) => void streams.stopLive(id).catch(() => {})),
  };
}

/** Registers a capture file as a stream; rejects with a readable message if it cannot be read. */
export async function registerFile(state: ApiState, path: string): Promise<StreamInfo> {
  return state.streams.openFile(path).catch((error: Error) => {
    throw new Error(`cannot open ${path}: ${error.message}`);
  });
}

/** Serves `pathname` if it is an /api route; returns false if it is not one. */
export async function handleApi(
  state: ApiState,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (!pathname.startsWith('/api/')) return false;
  try {
    await route(state, req, res, pathname);
  } catch (error) {
    const status = statusFor(error);
    sendError(res, status, error instanceof Error ? error.message : String(error));
  }
  return true;
}

async function route(state: ApiState, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = pathname.split('/').slice(2); // "/api/live/x/stop" -> ["live", "x", "stop"]
  const [resource, id, action] = parts;

  if (pathname === '/api/health') {
    allow(method, 'GET');
    return sendJson(res, 200, { ok: true, version: state.version });
  }
  if (pathname === '/api/initial') {
    allow(method, 'GET');
    if (state.initial === null) {
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    return sendJson(res, 200, state.initial);
  }
  if (resource === 'stream' && parts.length === 2) {
    allow(method, 'GET');
    const range = req.headers.range;
    if (typeof range === 'string') return streamRange(state, res, decodeURIComponent(id), range);
    return streamBytes(state, res, decodeURIComponent(id));
  }
  if (pathname === '/api/live') {
    allow(method, 'POST');
    if (!originIsOwn(req)) throw new HttpError(403, `refused a live capture request from ${req.headers.origin}`);
    if (!state.liveAllowed) {
      throw new HttpError(
        403,
        'live capture is disabled on a server reachable from the network; restart it with --allow-remote-capture to allow it',
      );
    }
    const options = parseLiveOptions(await readJsonBody(req));
    if (state.streams.liveRunningCount >= state.limits.maxLive) {
      throw new HttpError(409, `${state.limits.maxLive} live captures are already running; stop one first`);
    }
    const info = await state.streams.startLive(options, state.startLiveCapture);
    state.liveIdle.started(info.id);
    return sendJson(res, 200, info);
  }
  if (resource === 'live' && parts.length === 3 && action === 'stop') {
    allow(method, 'POST');
    if (!originIsOwn(req)) throw new HttpError(403, `refused a stop request from ${req.headers.origin}`);
    await state.streams.stopLive(decodeURIComponent(id));
    res.writeHead(204, { 'cache-control': 'no-store' });
    res.end();
    return;
  }
  if (resource === 'live' && parts.length === 3 && action === 'pcap') {
    allow(method, 'GET');
    const session = state.streams.liveSession(decodeURIComponent(id));
    const bytes = toPcapng(session.buffer.bytes());
    res.writeHead(200, {
      'content-type': 'application/x-pcapng',
      'content-length': bytes.length,
      'content-disposition': `attachment; filename="wsscope-${session.options.iface}-port-${session.options.port}.pcapng"`,
      'cache-control': 'no-store',
    });
    res.end(bytes);
    return;
  }
  throw new HttpError(404, `no such route: ${method} ${pathname}`);
}

async function streamBytes(state: ApiState, res: ServerResponse, id: string): Promise<void> {
  const { live } = state.streams.info(id);
  const reader = state.streams.reader(id);
  if (!state.streamGauge.tryAcquire()) {
    void reader.cancel();
    throw new HttpError(
      429,
      `${state.streamGauge.cap} streams are already being read from this server; close one first`,
    );
  }
  if (live) state.liveIdle.readerOpened(id);
  // Reading stops when the client goes away (closeStream cancels the fetch); the slot frees then.
  res.on('close', () => {
    state.streamGauge.release();
    if (live) state.liveIdle.readerClosed(id);
    void reader.cancel();
  });
  // A file that cannot be read any more fails here, before the headers, as a JSON error. A live
  // stream sends its headers at once: it may stay silent until the first packet.
  let chunk = live ? null : await reader.next();
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
  try {
    if (live) chunk = await reader.next();
    for (; chunk !== null; chunk = await reader.next()) {
      if (!(await writeWithBackPressure(res, chunk, state.limits.stallMs))) {
        res.destroy();
        return;
      }
    }
    res.end();
  } catch (error) {
    // The file or the capture failed after the headers went out: cut the response, so the reader
    // sees an error, not an end.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * `Range: bytes=A-B` on a capture file: those bytes (206), for the app reading payloads back
 * (src/renderer/worker/file-payloads.ts). One range per request; a live capture has none (416).
 */
async function streamRange(state: ApiState, res: ServerResponse, id: string, header: string): Promise<void> {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) throw new HttpError(416, `unsupported range ${JSON.stringify(header)}: expected one "bytes=first-last"`);
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (last < first || last - first + 1 > MAX_RANGE_BYTES) {
    throw new HttpError(416, `range ${first}-${last} is empty or over ${MAX_RANGE_BYTES >> 20} MiB`);
  }
  const { size } = state.streams.info(id);
  if (size !== null && last >= size) throw new HttpError(416, `range ${first}-${last} is past the end (${size} bytes)`);
  let bytes: Uint8Array | null;
  try {
    bytes = await state.streams.readRange(id, first, last - first + 1);
  } catch (error) {
    if (error instanceof StreamChangedError) throw new HttpError(409, error.message);
    throw error;
  }
  if (bytes === null) throw new HttpError(416, 'a live capture cannot be read by range');
  res.writeHead(206, {
    'content-type': 'application/octet-stream',
    'cache-control': 'no-store',
    'content-range': `bytes ${first}-${first + bytes.length - 1}/${size ?? '*'}`,
    'content-length': String(bytes.length),
  });
  res.end(bytes);
}

function allow(method: string, allowed: 'GET' | 'POST'): void {
  if (method === allowed) return;
  throw new HttpError(405, `method ${method} not allowed; use ${allowed}`);
}

function statusFor(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof UnknownStreamError) return 404;
  if (error instanceof InvalidArgumentError) return 400;
  if (error instanceof URIError) return 400;
  if (error instanceof LiveCaptureError) {
    if (error.kind === 'permission') return 403;
    if (error.kind === 'bad-option' || error.kind === 'interface') return 400;
    return 409;
  }
  return 500;
}
