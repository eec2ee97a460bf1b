// npm start [capture] [--port N] [--browser] [--no-build]
//
// Opens wsscope on a capture (default: the bundled sample, fixtures/sample.pcap).
// 1. Builds what is missing: dist/ui (npm run build:ui), dist/main + dist/preload
//    (scripts/build-electron.mjs), dist/server (scripts/build-cli.mjs). --no-build skips this.
// 2. If the Electron binary is installed and there is a display, launches the desktop app.
// 3. Otherwise prints ONE line saying why, then runs browser mode: starts the server on
//    127.0.0.1, prints its URL and keeps running until Ctrl-C. --browser asks for this directly.
//
// WSSCOPE_DIST_DIR overrides where the built files are (tests build into a temp dir).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.env.WSSCOPE_DIST_DIR ?? 'dist');
const sample = join(root, 'fixtures', 'sample.pcap');

function parseArgs(argv) {
  const options = { capture: undefined, port: 0, browser: false, build: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--browser') options.browser = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port') options.port = parsePort(argv[++i]);
    else if (arg.startsWith('--port=')) options.port = parsePort(arg.slice('--port='.length));
    else if (arg.startsWith('-')) fail(`unknown option ${arg}; usage: npm start -- [capture] [--port N] [--browser]`);
    else if (options.capture === undefined) options.capture = resolve(process.env.INIT_CWD ?? process.cwd(), arg);
    else fail(`one capture at a time (got ${options.capture} and ${arg})`);
  }
  return options;
}

function parsePort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${text}; expected 0-65535`);
  return port;
}

function fail(message) {
  console.error(`wsscope: ${message}`);
  process.exit(2);
}

/** The Electron binary's path, or why there is none. */
function findElectron() {
  try {
    const path = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
  } catch {
    // node_modules/electron throws when its binary was never downloaded
  }
  return { reason: 'Electron is not installed (its binary download was skipped)' };
}

/** Why no window can be shown, or null if one can. */
function missingDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** Runs a build step; exits with its status if it fails. */
function run(label, command, args) {
  console.log(`wsscope: building ${label} …`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) fail(`building ${label} failed (${[command, ...args].join(' ')})`);
}

function buildMissing(forElectron) {
  if (!existsSync(join(dist, 'ui', 'index.html'))) run('the UI', 'npm', ['run', 'build:ui']);
  if (forElectron) {
    if (!existsSync(join(dist, 'main', 'index.js')) || !existsSync(join(dist, 'preload', 'index.cjs'))) {
      run('the Electron shell', process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', dist]);
    }
  } else if (!existsSync(join(dist, 'server', 'index.js'))) {
    run('the server', process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--outdir', dist]);
  }
}

function launchElectron(electronPath, capture) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node
  const child = spawn(electronPath, [root, ...(capture ? [capture] : [])], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runBrowserMode(options) {
  const { startServer } = await import(pathToFileURL(join(dist, 'server', 'index.js')).href);
  const capture = options.capture ?? (existsSync(sample) ? sample : undefined);
  const server = await startServer({ capture, port: options.port, uiDir: join(dist, 'ui') });
  console.log(`wsscope is running at ${server.url} (Ctrl-C to stop)`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const options = parseArgs(process.argv.slice(2));
const electron = options.browser ? null : findElectron();
const reason = options.browser ? null : (electron.reason ?? missingDisplay());
const desktop = !options.browser && reason === null;
if (reason !== null) console.log(`${reason}; opening wsscope in your browser instead`);
if (options.build) buildMissing(desktop);
if (desktop) {
  launchElectron(electron.path, options.capture);
} else {
  await runBrowserMode(options).catch((error) => fail(error instanceof Error ? error.message : String(error)));
}
