// Which shell the renderer runs in. Electron's preload puts `window.wsscope` there before any
// page script runs; otherwise a server answers GET /api/health (browser mode); otherwise we are
// plain static files and only drag and drop / the file picker can open captures.

import type { ShellApi } from '../../shared/api.js';
import { probeServer, ServerShell } from './server-shell.js';

export type ShellMode = 'electron' | 'server' | 'static';

export interface DetectedShell {
  mode: ShellMode;
  shell: ShellApi | null;
  version: string | null;
}

export async function detectShell(): Promise<DetectedShell> {
  if (window.wsscope) return { mode: 'electron', shell: window.wsscope, version: null };
  // file:// pages cannot fetch /api at all; skip the probe and its console error.
  if (location.protocol === 'file:') return { mode: 'static', shell: null, version: null };
  const health = await probeServer();
  if (health) return { mode: 'server', shell: new ServerShell(), version: health.version };
  return { mode: 'static', shell: null, version: null };
}
