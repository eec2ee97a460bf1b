// Helpers for server tests: a throwaway UI directory, raw HTTP requests (fetch would normalize
// "/../" away before sending, which is exactly what traversal tests must not do), and a fake
// capture tool.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveCaptureStartOptions, StartLiveCapture } from '../../src/node/streams/live-session.js';

export interface UiFixture {
  root: string;
  uiDir: string;
  cleanup(): Promise<void>;
}

/** dist/ui look-alike in a temp dir, with a secret file beside it and a symlink pointing out. */
export async function makeUiDir(): Promise<UiFixture> {
  const root = await mkdtemp(join(tmpdir(), 'wsscope-server-'));
  const uiDir = join(root, 'ui');
  await mkdir(join(uiDir, 'assets'), { recursive: true });
  await writeFile(join(uiDir, 'index.html'), '<!doctype html><title>wsscope</title>');
  await writeFile(join(uiDir, 'assets', 'index-abc123.js'), 'console.log("ui")');
  await writeFile(join(uiDir, 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(join(uiDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'secret.txt'), 'top secret');
  await symlink(join(root, 'secret.txt'), join(uiDir, 'link-to-secret.txt'));
  return { root, uiDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An HTTP request whose path is sent exactly as given. */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A capture tool stand-in: the test pushes bytes and failures by hand. */
export interface FakeCapture {
  start: StartLiveCapture;
  /** Options of every start, in order. */
  starts: LiveCaptureStartOptions[];
  stops: number;
  emit(bytes: Uint8Array): void;
  fail(error: Error): void;
}

export function fakeCapture(): FakeCapture {
  const fake: FakeCapture = {
    starts: [],
    stops: 0,
    start(options) {
      fake.starts.push(options);
      return {
        pid: 4242,
        ready: Promise.resolve(),
        stop: async () => {
          fake.stops += 1;
        },
      };
    },
    emit(bytes) {
      fake.starts.at(-1)!.onBytes(bytes);
    },
    fail(error) {
      fake.starts.at(-1)!.onError(error);
    },
  };
  return fake;
}
