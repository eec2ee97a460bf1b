// E2E helpers: Debian's /usr/bin/chromium driven by playwright-core, a fresh profile per run,
// the UI built once per test file with Vite into a temp dir (test files run in parallel; the
// real dist/ui is left alone), and the real browser-mode server (src/server) serving it.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer } from '../../src/server/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'fixtures/shared');
export const SHOTS = join(ROOT, 'test-results/screenshots');

let built: Promise<string> | null = null;
let builtDir: string | null = null;

// Each test file imports this module afresh (vitest isolates files): clean its build after it.
afterAll(() => {
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
});

/** Build the UI once per test file (2 s) into a temp dir; answers that dir. */
export function buildUi(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wsscope-ui-'));
    builtDir = outDir;
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, which Vite would bake in: React's development build (several
    // times slower, more garbage) instead of the one users run. Build what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: join(ROOT, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'error',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    return outDir;
  })();
  return built;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'wsscope-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  (page as Page & { errors?: string[] }).errors = errors;
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The browser-mode app a test file drives: the real server (src/server) and a fresh browser. */
export interface ServedApp {
  server: { url: string; close(): Promise<void> };
  browser: Browser;
}

/**
 * Registers the file's hooks: before its tests, the real browser-mode server on this file's UI
 * build and a fresh browser; both closed after them. The fields are set once that beforeAll has
 * run, so read them in tests and later hooks, not when the describe block is collected.
 */
export function servedApp(): ServedApp {
  const app = {} as ServedApp;
  beforeAll(async () => {
    app.server = await startServer({ uiDir: await buildUi() });
    app.browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Plain static files and nothing else: the "no server" (classroom) mode. */
export async function startStaticServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const { readFile } = await import('node:fs/promises');
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.map': 'application/json',
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
