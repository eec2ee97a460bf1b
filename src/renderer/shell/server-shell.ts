// A ShellApi over HTTP, for browser mode (`wsscope serve`). The server (src/server/) implements
// exactly these routes; the renderer never needs anything else from it:
//
//   GET  /api/initial                   -> 200 JSON StreamInfo | 204 (no capture given)
//   GET  /api/stream/:id                -> the stream's bytes as a chunked HTTP response
//                                          (for live captures it keeps streaming until stopped)
//   POST /api/live  {port, interface?}  -> 200 JSON StreamInfo (starts tcpdump/dumpcap) | 4xx JSON {error}
//   POST /api/live/:id/stop             -> 204
//   GET  /api/live/:id/pcap             -> the captured bytes as a download (pcapng)
//   GET  /api/health                    -> {ok:true, version}
//
// readChunk(id) opens `GET /api/stream/:id` on its first call and then reads the response body
// chunk by chunk (pull-based, like the Electron bridge). Things a browser page cannot do
// (native open dialog, recent files, paths of dropped files) resolve to null or [].

import type { LiveCaptureOptions, MenuCommand, ShellApi, StreamInfo } from '../../shared/api.js';

export interface Health {
  ok: boolean;
  version: string;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** GET /api/health; null when there is no server (static files, file://, `vite preview`). */
export async function probeServer(base = '', fetchImpl: Fetch = fetch): Promise<Health | null> {
  try {
    const res = await fetchImpl(`${base}/api/health`, { cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<Health>;
    return body && body.ok === true ? { ok: true, version: String(body.version ?? '') } : null;
  } catch {
    return null;
  }
}

async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: string };
    if (body?.error) return body.error;
  } catch {
    // not JSON: fall through to the status line
  }
  return `${res.status} ${res.statusText}`.trim();
}

export class ServerShell implements ShellApi {
  readonly kind = 'server' as const;
  private readonly readers = new Map<string, ReadableStreamDefaultReader<Uint8Array>>();

  constructor(
    private readonly base = '',
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
  ) {}

  async openFileDialog(): Promise<StreamInfo | null> {
    // A page cannot show a native dialog that returns a server-side path: the UI uses <input type=file>.
    return null;
  }

  async openInitial(): Promise<StreamInfo | null> {
    const res = await this.fetchImpl(`${this.base}/api/initial`, { cache: 'no-store' });
    if (res.status === 204 || !res.ok) return null;
    return (await res.json()) as StreamInfo;
  }

  async openDropped(): Promise<StreamInfo | null> {
    return null;
  }

  async recentFiles(): Promise<string[]> {
    return [];
  }

  async openRecent(): Promise<StreamInfo | null> {
    return null;
  }

  async readChunk(id: string): Promise<Uint8Array | null> {
    let reader = this.readers.get(id);
    if (!reader) {
      const res = await this.fetchImpl(`${this.base}/api/stream/${encodeURIComponent(id)}`);
      if (!res.ok || !res.body) throw new Error(`cannot read stream ${id}: ${await errorText(res)}`);
      reader = res.body.getReader();
      this.readers.set(id, reader);
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        this.readers.delete(id);
        return null;
      }
      if (value.length > 0) return value;
    }
  }

  /** Every GET of /api/stream/:id starts at the stream's first byte (src/server/api.ts). */
  streamUrl(id: string): string | null {
    if (typeof location === 'undefined') return null;
    return new URL(`${this.base}/api/stream/${encodeURIComponent(id)}`, location.href).href;
  }

  async closeStream(id: string): Promise<void> {
    const reader = this.readers.get(id);
    this.readers.delete(id);
    await reader?.cancel().catch(() => undefined);
  }

  async startLiveCapture(options: LiveCaptureOptions): Promise<StreamInfo> {
    const res = await this.fetchImpl(`${this.base}/api/live`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options),
    });
    if (!res.ok) throw new Error(await errorText(res));
    return (await res.json()) as StreamInfo;
  }

  async stopLiveCapture(id: string): Promise<void> {
    const res = await this.fetchImpl(`${this.base}/api/live/${encodeURIComponent(id)}/stop`, { method: 'POST' });
    if (!res.ok) throw new Error(await errorText(res));
  }

  /** Starts the browser's download of the capture; returns its URL (the browser picks the path). */
  async saveLiveCapture(id: string): Promise<string | null> {
    const url = `${this.base}/api/live/${encodeURIComponent(id)}/pcap`;
    const a = document.createElement('a');
    a.href = url;
    // Empty: keep the file name the server gives in Content-Disposition.
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return url;
  }

  onMenuCommand(_listener: (command: MenuCommand) => void): () => void {
    return () => undefined;
  }

  setTitle(title: string): void {
    document.title = title;
  }
}
