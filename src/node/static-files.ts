// The built UI (dist/ui) served as static files.
//
// Rules: only files inside `uiDir` are served, whatever the URL says: the path is URL-decoded,
// normalized, resolved against uiDir, and then checked (after following symlinks) to still lie
// inside it; "..", encoded "%2e%2e", backslashes and NUL bytes cannot climb out (403 or 404).
// "/" is index.html. Unknown types are sent as application/octet-stream; with nosniff the
// browser will not guess.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, posix, resolve, sep } from 'node:path';
import { sendText } from '../server/http-util.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pcap': 'application/vnd.tcpdump.pcap',
  '.pcapng': 'application/x-pcapng',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path to a file inside uiDir, or an HTTP status when it cannot be one. */
export function resolveUiPath(uiDir: string, urlPath: string): string | 403 | 400 {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 403;
  const normalized = posix.normalize(`/${decoded}`);
  const relative = normalized === '/' ? 'index.html' : normalized.slice(1);
  const root = resolve(uiDir);
  const file = resolve(root, relative);
  if (!isInside(root, file)) return 403;
  return file;
}

export async function serveStatic(uiDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendText(res, 405, 'method not allowed');
    return;
  }
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = resolveUiPath(uiDir, urlPath);
  if (file === 400) return sendText(res, 400, 'bad url encoding');
  if (file === 403) return sendText(res, 403, 'forbidden');
  let size: number;
  try {
    // Follow symlinks, then check again that the real file is inside the real uiDir.
    const [realRoot, realFile] = await Promise.all([realpath(uiDir), realpath(file)]);
    if (!isInside(realRoot, realFile)) return sendText(res, 403, 'forbidden');
    const stats = await stat(realFile);
    if (!stats.isFile()) return sendText(res, 404, 'not found');
    size = stats.size;
  } catch {
    if (urlPath === '/' || urlPath === '/index.html') {
      return sendText(
        res,
        503,
        `wsscope: the UI is not built (${resolve(uiDir, 'index.html')} is missing); run: npm run build:ui`,
      );
    }
    return sendText(res, 404, 'not found');
  }
  res.writeHead(200, {
    'content-type': contentTypeFor(file),
    'content-length': size,
    // Vite's assets have content hashes, index.html does not: revalidate everything, it is local.
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', (error) => res.destroy(error))
    .pipe(res);
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
