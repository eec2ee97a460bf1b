// Small helpers for node:http responses and request bodies (no framework: six routes do not need one).

import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies we accept are tiny JSON objects ({port, interface}); anything bigger is refused. */
export const MAX_BODY_BYTES = 4096;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy(new Error(message));
    return;
  }
  sendJson(res, status, { error: message });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Reads a JSON body of at most MAX_BODY_BYTES sent as application/json. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `expected content-type application/json, got "${type}"`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/**
 * Writes `chunk`, waiting for 'drain' when the socket's buffer is full (HTTP back-pressure).
 * Resolves false if the buffer did not drain within `stallMs` (the client stopped reading).
 */
export async function writeWithBackPressure(
  res: ServerResponse,
  chunk: Uint8Array,
  stallMs = Number.POSITIVE_INFINITY,
): Promise<boolean> {
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onDrain);
      resolve(drained);
    };
    const onDrain = () => finish(true);
    res.on('drain', onDrain);
    res.on('close', onDrain);
    if (Number.isFinite(stallMs)) timer = setTimeout(() => finish(false), stallMs);
  });
}
