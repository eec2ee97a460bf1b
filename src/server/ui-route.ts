// GET/HEAD of anything outside /api: the built UI's files (found by src/node/static-files.ts).

import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { locateUiFile } from '../node/static-files.js';
import { sendText } from './http-util.js';

export async function serveStatic(uiDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendText(res, 405, 'method not allowed');
    return;
  }
  const file = await locateUiFile(uiDir, new URL(req.url ?? '/', 'http://localhost').pathname);
  if (file.status !== 200) return sendText(res, file.status, file.message);
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.size,
    // Vite's assets have content hashes, index.html does not: revalidate everything, it is local.
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path)
    .on('error', (error) => res.destroy(error))
    .pipe(res);
}
