// The UI is served to the window from a custom scheme, app://wsscope/, not from file://.
//
// Why (Electron security checklist, "avoid file://, prefer custom protocols"): a file:// page may
// fetch any local file and has an opaque origin; app://wsscope/ is a standard, secure origin that
// can see only dist/ui, gets real response headers (so the Content-Security-Policy is a header,
// not only the page's <meta>), and runs module scripts and the decoder's Web Worker like any
// https page.
// Rules: the path resolution and traversal checks are the browser-mode server's
// (src/node/static-files.ts), and so is the CSP; only host "wsscope" exists.

import { readFile, realpath } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeFor, resolveUiPath } from '../../node/static-files.js';
import { CONTENT_SECURITY_POLICY } from '../../server/security.js';

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

/** The response for one app:// request: a file of uiDir with its type and the CSP, or an error status. */
export async function uiResponse(uiDir: string, url: string): Promise<Response> {
  const parsed = new URL(url);
  if (parsed.host !== UI_HOST) return plain(404, 'not found');
  const file = resolveUiPath(uiDir, parsed.pathname);
  if (file === 400) return plain(400, 'bad url encoding');
  if (file === 403) return plain(403, 'forbidden');
  try {
    const [realRoot, realFile] = await Promise.all([realpath(uiDir), realpath(file)]);
    if (realFile !== realRoot && !realFile.startsWith(`${realRoot}/`) && !realFile.startsWith(`${realRoot}\\`)) {
      return plain(403, 'forbidden');
    }
    const bytes = await readFile(realFile);
    return new Response(bytes, {
      status: 200,
      headers: {
        'content-type': contentTypeFor(realFile),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return plain(404, 'not found');
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
