// The built UI (dist/ui) as files, for both shells: the browser-mode server sends them over HTTP
// (src/server/ui-route.ts), Electron over its app:// scheme (src/main/windows/ui-protocol.ts).
//
// Rules: only files inside `uiDir` are served, whatever the URL says: the path is URL-decoded,
// normalized, resolved against uiDir, and then checked (after following symlinks) to still lie
// inside it; "..", encoded "%2e%2e", backslashes and NUL bytes cannot climb out (403 or 404).
// "/" is index.html. Unknown types are sent as application/octet-stream; with nosniff the
// browser will not guess. A missing index.html means the UI was never built: 503 and the command
// that builds it.

import { realpath, stat } from 'node:fs/promises';
import { extname, posix, resolve, sep } from 'node:path';

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

/** A UI file to send (its real path, size and type), or the error status and text to answer with. */
export type UiFile =
  | { status: 200; path: string; size: number; contentType: string }
  | { status: 400 | 403 | 404 | 503; message: string };

/** Finds the file a URL path names inside uiDir, following symlinks only as far as uiDir. */
export async function locateUiFile(uiDir: string, urlPath: string): Promise<UiFile> {
  const file = resolveUiPath(uiDir, urlPath);
  if (file === 400) return { status: 400, message: 'bad url encoding' };
  if (file === 403) return { status: 403, message: 'forbidden' };
  try {
    // Follow symlinks, then check again that the real file is inside the real uiDir.
    const [realRoot, realFile] = await Promise.all([realpath(uiDir), realpath(file)]);
    if (!isInside(realRoot, realFile)) return { status: 403, message: 'forbidden' };
    const stats = await stat(realFile);
    if (!stats.isFile()) return { status: 404, message: 'not found' };
    return { status: 200, path: realFile, size: stats.size, contentType: contentTypeFor(file) };
  } catch {
    if (urlPath === '/' || urlPath === '/index.html') {
      return {
        status: 503,
        message: `wsscope: the UI is not built (${resolve(uiDir, 'index.html')} is missing); run: npm run build:ui`,
      };
    }
    return { status: 404, message: 'not found' };
  }
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
