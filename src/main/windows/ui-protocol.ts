// The UI is served to the window from a custom scheme, app://wsscope/, not from file://.
//
// Why (Electron security checklist, "avoid file://, prefer custom protocols"): a file:// page may
// fetch any local file and has an opaque origin; app://wsscope/ is a standard, secure origin that
// can see only dist/ui, gets real response headers (so the Content-Security-Policy is a header,
// not only the page's <meta>), and runs module scripts and the decoder's Web Worker like any
// https page.
// Rules: the path resolution and traversal checks (src/node/static-files.ts) and the CSP and
// hardening headers (src/node/security-headers.ts) are the browser-mode server's; only host
// "wsscope" exists.

import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../../node/security-headers.js';
import { locateUiFile } from '../../node/static-files.js';

export const UI_SCHEME = 'app';
export const UI_HOST = 'wsscope';
export const UI_URL = `${UI_SCHEME}://${UI_HOST}/index.html`;

/** Must run before the app is ready. */
export function registerUiScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite's <script type=module crossorigin> and the module worker are fetched in CORS
    // mode; same-origin, so no Access-Control-Allow-Origin is sent and other origins still cannot read.
    {
      scheme: UI_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/** Serves `uiDir` on app://wsscope/ (after ready). */
export function handleUiProtocol(uiDir: string): void {
  protocol.handle(UI_SCHEME, (request) => uiResponse(uiDir, request.url));
}

/** The response for one app:// request: a file of uiDir with its type and the security headers, or an error status. */
export async function uiResponse(uiDir: string, url: string): Promise<Response> {
  const parsed = new URL(url);
  if (parsed.host !== UI_HOST) return plain(404, 'not found');
  const file = await locateUiFile(uiDir, parsed.pathname);
  if (file.status !== 200) return plain(file.status, file.message);
  try {
    const bytes = await readFile(file.path);
    return new Response(bytes, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': file.contentType } });
  } catch {
    return plain(404, 'not found');
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
