// How long the UI thread is blocked while hostile captures load (issue 15, point 5). Not part of
// `npm test`: a bench-style script.
//
//   node bench/ui-longtasks.mjs [--fragments 400000] [--connections 50000] [--keep DIR] [--profile]
//                               [--trace-out PREFIX] [--capture FILE] [--shot FILE.png] [--shards N]
//
// --capture FILE measures that capture instead (issue 13's 200 MB small-message capture:
// node bench/generate.mjs --size 200m --kind small --out FILE; the 1 GiB one: --size 1g, outside
// the repository). With --capture the line also gives how long the last frame's detail, a search
// and a display filter over payloads took once loaded (payloads are read back from the file), and
// --shot saves a screenshot of the page with that frame's detail open.
//
// --serve (with --capture) measures browser mode instead of static mode: the capture is opened by
// `wsscope serve FILE` (dist/cli and dist/ui: npm run build:cli && npm run build:ui), which the
// page reads as a stream and then by range; "open" is then the page's navigation start.
//
// --shards N opens the page with ?shards=N: the decoding worker decodes connections in N shard
// workers (1: in itself; src/renderer/worker/shard-policy.ts chooses when it is not given), and
// the line adds the CPU time each of the renderer's threads spent while loading (/proc).
//
// --sort-early COLUMN clicks the column's header as soon as the first frame row shows: the rest of
// the capture loads into a sorted table (the load's figures then include keeping it sorted), and
// the line ends with the table's first row once loaded. --pending-shot FILE.png saves a screenshot
// once the header shows the sort pending (sorted by summary, once rows come without their summary
// and until the worker's first order for them comes), or a minute after the click.
//
// --sort COLUMN (with --capture): once loaded, the display filter `websocket` puts every frame of
// the capture in the frames table (1.19 M rows on the 200 MB capture), then the column's header
// is clicked twice (ascending, descending); the line gives, for each click, the time until the
// table's first row settled (its last change within SETTLE_MS) and the frame it shows, and
// --sort-shot FILE.png saves a screenshot of the ascending order.
//
// --scroll (with --capture): once loaded, the display filter `websocket` puts every frame in the
// frames table, which is then flung from the middle at 400 px a frame for 3 s and jumped to 20 places
// (timeScroll); the line gives the frame intervals, the frames that showed a row without its
// summary, and how long the rows on screen took to get theirs after a jump.
//
// --profile builds the UI unminified, records a Chromium trace and prints, for each main-thread
// task over 50 ms, the functions with the most time in it.
//
// 1. Writes two captures into a temp dir (written here byte by byte, nothing from src/):
//    - fragments: one WebSocket connection whose client sends one text message in N one-byte
//      fragments (masked, as a client must), then closes;
//    - connections: N half-open TCP connections (SYN, SYN-ACK, nothing else), as a port scan or
//      a SYN flood leaves in a capture.
// 2. Builds the UI (Vite, production) and serves it as static files on 127.0.0.1.
// 3. In headless Chromium (/usr/bin/chromium through playwright-core) opens each capture with the
//    file picker, waits until decoding ends, then uses the UI the way a reader would (End in the
//    connections list, End in the frames table, the messages view, a search), recording every
//    `longtask` (a main-thread task over 50 ms) with a PerformanceObserver registered before the
//    page's own scripts, and the number of DOM elements at the end.
// 4. Prints one line per capture: time to the first connection, the first frame row and fully
//    loaded; the renderer processes' peak RSS (/proc), the page's and the worker's memory once
//    loaded (performance.measureUserAgentSpecificMemory); long tasks, the longest, their total,
//    DOM elements; exits 1 when a task blocked the main thread more than 100 ms.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MS = 100;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

// ------------------------------------------------------------------ a minimal pcap writer

/** Classic pcap, Ethernet/IPv4/TCP, microsecond timestamps; IPv4 checksums right, TCP zero. */
class Pcap {
  constructor() {
    this.parts = [];
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.parts.push(h);
    this.usec = 0;
  }

  packet(src, dst, sport, dport, seq, ack, flags, payload = Buffer.alloc(0)) {
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 20 + payload.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    Buffer.from(src.split('.').map(Number)).copy(ip, 12);
    Buffer.from(dst.split('.').map(Number)).copy(ip, 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(sport, 0);
    tcp.writeUInt16BE(dport, 2);
    tcp.writeUInt32BE(seq >>> 0, 4);
    tcp.writeUInt32BE(ack >>> 0, 8);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp.writeUInt16BE(65535, 14);
    const eth = Buffer.alloc(14);
    eth.writeUInt16BE(0x0800, 12);
    const len = 14 + 20 + 20 + payload.length;
    const rec = Buffer.alloc(16);
    this.usec += 7;
    rec.writeUInt32LE(1_800_000_000 + Math.floor(this.usec / 1e6), 0);
    rec.writeUInt32LE(this.usec % 1e6, 4);
    rec.writeUInt32LE(len, 8);
    rec.writeUInt32LE(len, 12);
    this.parts.push(rec, eth, ip, tcp, payload);
  }

  bytes() {
    return Buffer.concat(this.parts);
  }
}

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

/** One connection, one text message in `n` one-byte masked fragments, then a close. */
function fragmentsCapture(n) {
  const p = new Pcap();
  const [c, s, cp, sp] = ['10.9.0.1', '10.9.0.2', 40000, 8080];
  let cseq = 1000;
  let sseq = 9000;
  p.packet(c, s, cp, sp, cseq++, 0, SYN);
  p.packet(s, c, sp, cp, sseq++, cseq, SYN | ACK);
  p.packet(c, s, cp, sp, cseq, sseq, ACK);
  const send = (from, bytes) => {
    for (let off = 0; off < bytes.length; off += 60000) {
      const chunk = bytes.subarray(off, off + 60000);
      if (from === 'c') {
        p.packet(c, s, cp, sp, cseq, sseq, ACK | PSH, chunk);
        cseq += chunk.length;
      } else {
        p.packet(s, c, sp, cp, sseq, cseq, ACK | PSH, chunk);
        sseq += chunk.length;
      }
    }
  };
  // RFC 6455 §1.3's sample key and its accept
  send(
    'c',
    Buffer.from(
      'GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    ),
  );
  send(
    's',
    Buffer.from(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    ),
  );
  // each fragment: FIN/opcode, MASK|1, a zero masking key, one byte ('a' unmasked = 'a')
  const frames = Buffer.alloc(n * 7);
  for (let i = 0; i < n; i++) {
    const o = i * 7;
    frames[o] = (i === n - 1 ? 0x80 : 0) | (i === 0 ? 0x01 : 0x00);
    frames[o + 1] = 0x80 | 1;
    frames[o + 6] = 0x61;
  }
  send('c', frames);
  send('c', Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
  send('s', Buffer.from([0x88, 0x02, 0x03, 0xe8]));
  p.packet(c, s, cp, sp, cseq, sseq, FIN | ACK);
  p.packet(s, c, sp, cp, sseq, cseq + 1, FIN | ACK);
  return p.bytes();
}

/** `n` half-open connections: SYN and SYN-ACK, from distinct client ports and addresses. */
function connectionsCapture(n) {
  const p = new Pcap();
  for (let i = 0; i < n; i++) {
    const c = `10.${8 + ((i >> 16) & 0xff)}.${(i >> 8) & 0xff}.${i & 0xff}`;
    const port = 1024 + (i % 60000);
    p.packet(c, '10.7.0.1', port, 8080, 1000 + i, 0, SYN);
    p.packet('10.7.0.1', c, 8080, port, 5000 + i, 1001 + i, SYN | ACK);
  }
  return p.bytes();
}

// ------------------------------------------------------------------ UI build and static server

async function buildUi(outDir, minify) {
  const { build } = await import('vite');
  process.env.NODE_ENV = 'production';
  // vite.config.ts's root is relative to the working directory: build this checkout's UI
  process.chdir(root);
  await build({
    configFile: join(root, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, minify },
  });
}

/**
 * The page's main thread in a trace ("pid:tid"): the CrRendererMain of the process its frame was
 * committed in (the browser's own pages, a new tab page, run in renderers of their own), or else
 * the CrRendererMain with the most tasks.
 */
function mainThread(events) {
  const pagePids = new Set(
    events
      .filter((e) => e.name === 'FrameCommittedInBrowser' && /^http:\/\/127\.0\.0\.1:/.test(e.args?.data?.url ?? ''))
      .map((e) => e.args.data.processId),
  );
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .filter((e) => pagePids.size === 0 || pagePids.has(e.pid))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const count = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.name === 'ThreadControllerImpl::RunTask' && mains.has(k)) count.set(k, (count.get(k) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * The page's main-thread tasks over 50 ms from a trace, with their wall time (dur) and the
 * thread's CPU time in them (tdur): on a loaded machine a task waits for a core, and the
 * difference says how much of its length was the page's own work. The trace also holds the
 * tasks in which Playwright runs its own scripts in the page (the longtask observer does not
 * count those), so its longest task can be longer than the observer's.
 */
function traceTasks(trace) {
  const events = trace.traceEvents ?? trace;
  return longMainTasks(events, mainThread(events)).map((e) => ({
    ts: e.ts,
    ms: e.dur / 1000,
    cpuMs: (e.tdur ?? 0) / 1000,
  }));
}

/** The trace events of the tasks over 50 ms on thread `main` ("pid:tid", from mainThread). */
function longMainTasks(events, main) {
  return events.filter(
    (e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur > 50_000,
  );
}

/** Trace events that only wrap other work (left out of a task's breakdown). */
const WRAPPERS =
  /RunTask|Mojo|mojo|ThreadController|EventDispatch|FunctionCall|RunMicrotasks|V8\.(Bytecode|HandleInterrupts|StackGuard)/;

/**
 * What each long task of a Chromium trace was (the UI built unminified, so names are the
 * source's): for every main-thread task over 50 ms, its length and the functions with the most
 * self time and the most time under them (inclusive) during it, from the trace's CPU samples.
 */
function longTaskReport(trace, n = 8) {
  const events = trace.traceEvents ?? trace;
  const main = mainThread(events);
  if (!main) return ['no renderer main thread in the trace'];
  const onMain = (e) => `${e.pid}:${e.tid}` === main;
  // CPU samples: Profile gives the start, ProfileChunks the nodes, samples and time deltas
  const nodes = new Map();
  const samples = [];
  const starts = new Map();
  // (the chunks come from a profiler thread; the Profile event names the thread sampled)
  for (const e of events) if (e.name === 'Profile' && onMain(e)) starts.set(`${e.pid}:${e.id}`, e.args.data.startTime);
  const clocks = new Map(starts);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !starts.has(`${e.pid}:${e.id}`)) continue;
    const d = e.args.data;
    for (const node of d.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const ids = d.cpuProfile?.samples ?? [];
    let t = clocks.get(`${e.pid}:${e.id}`);
    for (let i = 0; i < ids.length; i++) {
      t += d.timeDeltas[i] ?? 0;
      samples.push([t, ids[i]]);
    }
    clocks.set(`${e.pid}:${e.id}`, t);
  }
  samples.sort((a, b) => a[0] - b[0]);
  const name = (node) => {
    const f = node.callFrame;
    return `${f.functionName || '(anon)'} ${(f.url ?? '').split('/').pop()}:${(f.lineNumber ?? 0) + 1}`;
  };
  const out = [];
  for (const task of longMainTasks(events, main).sort((a, b) => a.ts - b.ts)) {
    const self = new Map();
    const total = new Map();
    let prev = task.ts;
    for (const [t, id] of samples) {
      if (t < task.ts || t > task.ts + task.dur) continue;
      const ms = (t - prev) / 1000;
      prev = t;
      let node = nodes.get(id);
      if (!node) continue;
      self.set(name(node), (self.get(name(node)) ?? 0) + ms);
      const seen = new Set();
      while (node) {
        const k = name(node);
        if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + ms);
        seen.add(k);
        node = nodes.get(node.parent);
      }
    }
    const top = (m) =>
      [...m.entries()]
        .filter(([k]) => !k.startsWith('(root)'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, ms]) => `${ms.toFixed(0)} ${k}`)
        .join(' | ');
    // what the browser itself did in the task (layout, style, GC, parsing…), by trace event
    const phases = new Map();
    for (const e of events) {
      if (e.ph !== 'X' || !onMain(e) || e === task || e.ts < task.ts || e.ts > task.ts + task.dur) continue;
      if (WRAPPERS.test(e.name)) continue;
      phases.set(e.name, (phases.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    out.push(
      // tdur: the thread's CPU time in the task; far below dur, the thread waited for a core
      `task ${(task.dur / 1000).toFixed(0)} ms (on a CPU ${((task.tdur ?? Number.NaN) / 1000).toFixed(0)} ms)`,
      `    self: ${top(self)}`,
      `    incl: ${top(total)}`,
      `    events: ${top(phases)}`,
    );
  }
  return out;
}

/** The browser's renderer processes (the page and its workers run in one of them). */
async function rendererPids(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** The largest resident set among `pids`, in bytes (Linux /proc; 0 where unreadable). */
function rssOf(pids) {
  let max = 0;
  for (const pid of pids) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      max = Math.max(max, Number(kb ?? 0) * 1024);
    } catch {
      // the process is gone
    }
  }
  return max;
}

/** CPU clock ticks of every thread of `pids` so far, by "pid/tid name" (Linux /proc). */
function threadTicks(pids) {
  const out = new Map();
  for (const pid of pids) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime: fields 14 and 15 of stat, 12 and 13 after the name
        out.set(`${pid}/${tid} ${name}`, Number(f[11]) + Number(f[12]));
      } catch {
        // the thread ended
      }
    }
  }
  return out;
}

/** The threads that used over 0.1 s of CPU between two threadTicks(), most first, in seconds. */
function threadCpu(before, after, what = 'while loading') {
  const hz = 100; // USER_HZ on Linux
  const used = [];
  for (const [key, ticks] of after) {
    const s = (ticks - (before.get(key) ?? 0)) / hz;
    if (s >= 0.1) used.push([key.split(' ').slice(1).join(' '), s]);
  }
  used.sort((a, b) => b[1] - a[1]);
  const total = used.reduce((n, [, s]) => n + s, 0);
  return `CPU ${what} ${total.toFixed(1)} s: ${used.map(([n, s]) => `${n} ${s.toFixed(2)}`).join(', ')}`;
}

/**
 * The page's and its decoder worker's memory once loaded, as the browser attributes it
 * (performance.measureUserAgentSpecificMemory: JS heaps and their ArrayBuffers; needs the page
 * cross-origin isolated, which serve() makes it, and is made immediate by a Chromium flag).
 */
async function measureMemory(page) {
  const m = await page.evaluate(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    const r = await performance.measureUserAgentSpecificMemory();
    const by = { page: 0, worker: 0, shards: 0, other: 0 };
    for (const b of r.breakdown) {
      const scope = b.attribution[0]?.scope;
      const shard = /shard\.worker/.test(b.attribution[0]?.url ?? '');
      const k =
        scope === 'Window' ? 'page' : scope === 'DedicatedWorkerGlobalScope' ? (shard ? 'shards' : 'worker') : 'other';
      by[k] += b.bytes;
    }
    return { total: r.bytes, ...by };
  });
  if (!m) return 'page/worker memory not measurable (page not cross-origin isolated)';
  const mib = (n) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  const shards = m.shards > 0 ? `, shard workers ${mib(m.shards)}` : '';
  return `page ${mib(m.page)}, worker ${mib(m.worker)}${shards}, other ${mib(m.other)} (measureUserAgentSpecificMemory)`;
}

/**
 * Browser mode: `wsscope serve FILE` from this checkout's build, as a user starts it; its first
 * line on stdout is the URL. close() ends it.
 */
function wsscopeServe(file) {
  const cli = join(root, 'dist/cli/wsscope.js');
  const child = spawn(process.execPath, [cli, 'serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) res({ url: m[1], close: () => child.kill() });
    });
    child.on('exit', (code) =>
      rej(new Error(`wsscope serve ended (${code}): ${err.trim()} (run npm run build:cli && npm run build:ui first)`)),
    );
  });
}

function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      // cross-origin isolated, so the page may measure its own and its worker's memory
      // (performance.measureUserAgentSpecificMemory): the app loads nothing from elsewhere
      res.writeHead(200, {
        'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

// ------------------------------------------------------------------ measure

async function measure(context, url, file, label) {
  const page = await context.newPage();
  await page.addInitScript((served) => {
    const w = window;
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // when the file was picked, the first connection and frame row showed, and the progress went
    // (in the page: Playwright's own polling would add long tasks of its own on a big page)
    // browser mode opens its capture by itself: it starts with the page
    w.__marks = served ? { open: 0 } : {};
    document.addEventListener(
      'change',
      (e) => {
        if (e.target?.dataset?.testid === 'file-input') w.__marks.open = performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      const m = w.__marks;
      if (m.open == null || m.done != null) return;
      if (m.conn == null && document.querySelector('.conn')) m.conn = performance.now();
      if (m.row == null && document.querySelector('.grid-row')) m.row = performance.now();
      if (m.conn != null && !document.querySelector('.progress')) m.done = performance.now();
    }).observe(document, { childList: true, subtree: true });
  }, SERVE);
  // always a light trace (top-level tasks and their CPU time); with --profile, CPU samples too
  await context.browser().startTracing(page, {
    categories: PROFILE
      ? [
          'toplevel',
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'disabled-by-default-v8.cpu_profiler',
          'blink.user_timing',
        ]
      : ['toplevel', 'blink.user_timing'],
  });
  const t0 = Date.now();
  await page.goto(url);
  await page.getByTestId('shell-mode').waitFor();
  // in the trace, where the page's own load ends and the capture's begins (in browser mode the
  // capture is already on its way)
  await page.evaluate(() => performance.mark('wsscope-open'));
  const opened = await page.evaluate(() => window.__longtasks.length);
  // the page's renderer processes, sampled for their peak resident memory while loading
  const renderers = await rendererPids(context.browser());
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(renderers));
  }, 250);
  const ticks = threadTicks(renderers);
  const pickedAt = Date.now();
  if (!SERVE) await page.getByTestId('file-input').setInputFiles(file);
  await page.locator('.conn').first().waitFor({ timeout: 600_000 });
  // --sort-early: the table sorted as soon as its first rows show, so the rest arrive into it
  if (SORT_EARLY) {
    await page.locator('.grid-row').first().waitFor({ timeout: 600_000 });
    await page.evaluate((c) => {
      [...document.querySelectorAll('.grid-head [role=columnheader]')]
        .find((h) => h.textContent.trim().startsWith(c))
        ?.click();
    }, SORT_EARLY);
    if (PENDING_SHOT) {
      // rows past the first 50,000 come without summaries: the table waits for the worker's order
      await page
        .locator('.sort-pending')
        .waitFor({ timeout: 60_000 })
        .catch(() => undefined);
      await page.screenshot({ path: PENDING_SHOT });
    }
  }
  await page.waitForFunction(() => !document.querySelector('.progress'), null, { timeout: 600_000, polling: 200 });
  // static mode: from the file's pick (the page was loaded before); browser mode: from navigation
  const loadMs = Date.now() - (SERVE ? t0 : pickedAt);
  const cpu = threadCpu(ticks, threadTicks(renderers));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssOf(renderers));
  const marks = await page.evaluate(() => window.__marks);
  if (SORT_EARLY) {
    // the last answer for the last rows may still be on its way
    await page.waitForTimeout(3000);
    const first = await page.evaluate(() => {
      const row = document.querySelector('.grid-row[aria-rowindex="1"]');
      const footer = document.querySelector('.grid-footer')?.textContent?.split(' · ')[0];
      return `${row?.dataset.frame} ${row?.querySelector('.summary')?.textContent ?? ''} (${footer})`;
    });
    console.log(`sorted by ${SORT_EARLY} while loading: first row once loaded: frame ${first}`);
  }
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  // settled: the page trims its columns a step per task after the last batch (controller.ts)
  await page.waitForTimeout(1000);
  const memory = await measureMemory(page);
  const since = (t) => (t == null ? '?' : ((t - marks.open) / 1000).toFixed(2));
  const loadTasks = await page.evaluate(() => window.__longtasks.length);
  // use it: the last connection, the last frame, the messages view, a search. Focus and clicks go
  // through the page's own DOM calls: Playwright's locator engine would run its own long tasks
  // on a big page and be counted as the app's.
  const focus = (sel) => page.evaluate((s) => document.querySelector(s)?.focus(), sel);
  let using = '';
  if (CAPTURE && SORT) using += await timeSorts(page, SORT, renderers);
  if (CAPTURE && SCROLL) using += await timeScroll(page);
  await focus('[data-testid=connections-list]');
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await focus('[role=grid][aria-label=Frames]');
  await page.keyboard.press('End');
  if (CAPTURE) using += await tryBigCapture(page);
  await page.evaluate(() => document.querySelector('[data-list=messages]')?.click());
  await focus('input[type=search]');
  await page.keyboard.type('aaaa');
  await page.waitForTimeout(1500);
  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
  await page.waitForTimeout(500);
  const raw = (await context.browser().stopTracing()).toString('utf8');
  if (TRACE_OUT) writeFileSync(`${TRACE_OUT}-${label.split(' ')[0]}.json`, raw);
  const trace = JSON.parse(raw);
  if (PROFILE) for (const line of longTaskReport(trace)) console.log(`  ${line}`);
  // tasks before the mark are the page's own load (its script and first render), after it the capture's
  const openTs = (trace.traceEvents ?? trace).find((e) => e.name === 'wsscope-open')?.ts ?? 0;
  const longTasks = traceTasks(trace);
  const pageTasks = longTasks.filter((t) => t.ts < openTs);
  const traced = longTasks.filter((t) => t.ts >= openTs);
  const longestOf = (list) => list.reduce((m, t) => (t.ms > m.ms ? t : m), { ms: 0, cpuMs: 0 });
  const longest = longestOf(traced);
  const pageLongest = longestOf(pageTasks);
  const busiest = traced.reduce((m, t) => Math.max(m, t.cpuMs), 0);
  const tasks = await page.evaluate(() => window.__longtasks);
  const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
  await page.close();
  const stats = (list) =>
    `${list.length} long tasks, longest ${list.reduce((m, t) => Math.max(m, t.duration), 0).toFixed(0)} ms, ` +
    `total ${list.reduce((m, t) => m + t.duration, 0).toFixed(0)} ms`;
  console.log(
    `${label}: loaded in ${(loadMs / 1000).toFixed(1)} s (first connection at ${since(marks.conn)} s, ` +
      `first frame row at ${since(marks.row)} s, all in at ${since(marks.done)} s; ` +
      `renderer RSS peak ${(peakRss / 2 ** 20).toFixed(0)} MiB, UI thread's JS heap ${(heap / 2 ** 20).toFixed(0)} MiB, ` +
      `loaded: ${memory}); ` +
      `the page itself: ${stats(tasks.slice(0, opened))} (traced: ${pageLongest.cpuMs.toFixed(0)} ms of ` +
      `its ${pageLongest.ms.toFixed(0)} ms on a CPU); ` +
      `loading: ${stats(tasks.slice(opened, loadTasks))}; ` +
      `using it: ${stats(tasks.slice(loadTasks))}${using}; ${dom} DOM elements; ` +
      `of the capture's, the longest task (traced) ran ${longest.cpuMs.toFixed(0)} ms of its ${longest.ms.toFixed(0)} ms on a CPU, ` +
      `the most CPU in one task ${busiest.toFixed(0)} ms; ${cpu}`,
  );
  return tasks.reduce((m, t) => Math.max(m, t.duration), 0);
}

/** How long the table's first row must stay the same, once it changed, for a sort to count as done. */
/**
 * Applies display filter `text` and waits until its rows are in: the frames table's footer changes
 * (the filter bar's own status is not shown in its compact form; a needle no payload holds leaves
 * none of the rows). Returns the time from Enter and the footer's row count.
 */
async function applyDisplayFilter(page, text) {
  const footer = () => page.evaluate(() => document.querySelector('.grid-footer')?.textContent ?? '');
  const before = await footer();
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  // Enter applies once no completion list is open (on an open list it would take a suggestion)
  await page.waitForTimeout(300);
  if (await page.getByTestId('filter-list').isVisible()) await input.press('Escape');
  const t = await page.evaluate(() => performance.now());
  await input.press('Enter');
  await page.waitForFunction((was) => (document.querySelector('.grid-footer')?.textContent ?? '') !== was, before, {
    timeout: 600_000,
    polling: 100,
  });
  const ms = (await page.evaluate(() => performance.now())) - t;
  return { ms, status: (await footer()).split(' · ')[0] };
}

const SETTLE_MS = 8000;

/**
 * The frames table holding every frame (the display filter `websocket`), sorted by `column` with
 * a click on its header, then again (descending). A sort's time is from the click to the table's
 * first row's last change: rows whose sort key is not at hand yet may show first (before issue 13's
 * ranks from the worker, rows without their summary sorted as '' until every summary came).
 */
async function timeSorts(page, column, renderers) {
  const { status: rows } = await applyDisplayFilter(page, 'websocket');
  const input = page.getByTestId('filter-input');
  // the first row is the one timed (no row selected: the table would scroll to keep it in view)
  await page.evaluate(() => {
    const grid = document.querySelector('[role=grid][aria-label=Frames]');
    if (grid) grid.scrollTop = 0;
  });
  await page.waitForTimeout(500);
  const out = [];
  for (const way of ['ascending', 'descending']) {
    const ticks = threadTicks(renderers);
    const r = await page.evaluate(
      async ({ column, settle }) => {
        const first = () => {
          const row = document.querySelector('.grid-row[aria-rowindex="1"]');
          return row ? `${row.dataset.frame} ${row.querySelector('.summary')?.textContent ?? ''}` : '';
        };
        const header = [...document.querySelectorAll('.grid-head [role=columnheader]')].find((h) =>
          h.textContent.trim().startsWith(column),
        );
        let last = first();
        const t0 = performance.now();
        header.click();
        let changedAt = null;
        let at = t0;
        // at most a minute for the first change, then until none for `settle`
        while (changedAt == null ? performance.now() - t0 < 60_000 : performance.now() - changedAt < settle) {
          await new Promise((res) => setTimeout(res, 5));
          at = performance.now();
          const now = first();
          if (now !== last) {
            last = now;
            changedAt = at;
          }
        }
        return { ms: changedAt == null ? null : changedAt - t0, first: last };
      },
      { column, settle: SETTLE_MS },
    );
    // the renderer's threads' CPU time from the click to the end of the settling wait
    const cpu = threadCpu(ticks, threadTicks(renderers), 'used');
    if (way === 'ascending' && SORT_SHOT) await page.screenshot({ path: SORT_SHOT });
    out.push(
      `${way} ${r.ms == null ? 'no change' : `${r.ms.toFixed(0)} ms`} (first row: frame ${r.first.slice(0, 60)}; ${cpu})`,
    );
  }
  // back to no sort and no filter for what follows
  await page.evaluate((c) => {
    [...document.querySelectorAll('.grid-head [role=columnheader]')]
      .find((h) => h.textContent.trim().startsWith(c))
      ?.click();
  }, column);
  await input.fill('');
  await input.press('Enter');
  await page.waitForTimeout(1000);
  return `; sorted by ${column} (${rows}): ${out.join(', ')}`;
}

/**
 * A big capture once loaded: the last frame's detail (its bits and bytes, read back from the file),
 * a screenshot of it (--shot), and a display filter that reads every payload, timed in the page.
 */
async function tryBigCapture(page) {
  // the rows End went to arrive without their summaries: the page asks for them (read back from
  // the file when the worker keeps no payloads)
  const shown = await page.evaluate(async () => {
    const t0 = performance.now();
    const filled = () =>
      [...document.querySelectorAll('.grid-row .summary')].slice(-5).every((c) => c.textContent !== '');
    while (!filled() && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    return performance.now() - t0;
  });
  const t = await page.evaluate(() => performance.now());
  await page.keyboard.press('Enter');
  await page.getByTestId('hex-view').waitFor({ timeout: 60_000 });
  const detailMs = (await page.evaluate(() => performance.now())) - t;
  if (SHOT) await page.screenshot({ path: SHOT });
  const { ms: filterMs, status } = await applyDisplayFilter(
    page,
    'websocket.payload contains "zq~zq~" || ws.message.text contains "zq~zq~"',
  );
  const input = page.getByTestId('filter-input');
  await input.fill('');
  await input.press('Enter');
  return `; last rows' summaries ${shown.toFixed(0)} ms after End, last frame's detail in ${detailMs.toFixed(0)} ms, a payload filter in ${(filterMs / 1000).toFixed(1)} s (${status})`;
}

/**
 * Scrolling the frames table holding every frame (the display filter `websocket`), two ways:
 * - flung: the table moved by SCROLL_STEP px at every animation frame for SCROLL_MS, as a fast
 *   wheel or a trackpad fling does; gives the frame intervals (p50, p95, max: 16.7 ms is smooth)
 *   and in how many frames a row showed without its summary (rows come with their summaries only
 *   near where the table was: the rest are asked of the worker as they show);
 * - jumps: scrollTop set to SCROLL_JUMPS places spread over the table, as a drag of the scrollbar
 *   thumb does; gives, for each, the time until every row on screen has its summary.
 * And the page's long tasks while doing both.
 */
async function timeScroll(page) {
  const { status: rows } = await applyDisplayFilter(page, 'websocket');
  await page.waitForTimeout(1000);
  const r = await page.evaluate(
    async ({ ms, step, jumps }) => {
      const grid = document.querySelector('[role=grid][aria-label=Frames]');
      const blank = () => {
        let n = 0;
        for (const c of grid.querySelectorAll('.grid-row .summary')) if (c.textContent === '') n++;
        return n;
      };
      const frame = () => new Promise((res) => requestAnimationFrame(res));
      // from the middle: the rows near the top came with their summaries, these did not
      grid.scrollTop = (grid.scrollHeight - grid.clientHeight) / 2;
      const settled = performance.now();
      while (blank() > 0 && performance.now() - settled < 10_000) await frame();
      await new Promise((res) => setTimeout(res, 500));
      const tasksBefore = window.__longtasks.length;
      const gaps = [];
      let blankFrames = 0;
      let last = await frame();
      const t0 = last;
      while (last - t0 < ms) {
        grid.scrollTop += step;
        const now = await frame();
        gaps.push(now - last);
        last = now;
        if (blank() > 0) blankFrames++;
      }
      const flung = { frames: gaps.length, blankFrames, tasks: window.__longtasks.length - tasksBefore };
      gaps.sort((a, b) => a - b);
      const q = (f) => gaps[Math.min(gaps.length - 1, Math.floor(f * gaps.length))];
      Object.assign(flung, { p50: q(0.5), p95: q(0.95), max: gaps[gaps.length - 1] });
      const fills = [];
      const jumpTasksBefore = window.__longtasks.length;
      // the same places every run: fractions of the table from a fixed sequence
      let x = 0.137;
      for (let i = 0; i < jumps; i++) {
        x = (x * 9301 + 0.49297) % 1;
        const t = performance.now();
        grid.scrollTop = x * (grid.scrollHeight - grid.clientHeight);
        await frame();
        while (blank() > 0 && performance.now() - t < 10_000) await frame();
        fills.push(performance.now() - t);
      }
      fills.sort((a, b) => a - b);
      const longest = (list) => list.reduce((m, t) => Math.max(m, t.duration), 0);
      flung.longest = longest(window.__longtasks.slice(tasksBefore, jumpTasksBefore));
      const jumpTasks = window.__longtasks.slice(jumpTasksBefore);
      return {
        flung,
        fillMedian: fills[Math.floor(fills.length / 2)],
        fillMax: fills[fills.length - 1],
        jumpTasks: jumpTasks.length,
        jumpLongest: longest(jumpTasks),
      };
    },
    { ms: SCROLL_MS, step: SCROLL_STEP, jumps: SCROLL_JUMPS },
  );
  const input = page.getByTestId('filter-input');
  await input.fill('');
  await input.press('Enter');
  await page.waitForTimeout(1000);
  const f = r.flung;
  return (
    `; scrolled (${rows}): flung from the middle ${SCROLL_STEP} px a frame for ${SCROLL_MS / 1000} s, ` +
    `${f.frames} frames, interval p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(0)} ms, ` +
    `${f.blankFrames} frames with a row not yet summarised, ${f.tasks} long tasks (longest ${f.longest.toFixed(0)} ms); ` +
    `${SCROLL_JUMPS} jumps: every row on screen summarised after ${r.fillMedian.toFixed(0)} ms (median), ` +
    `${r.fillMax.toFixed(0)} ms (max), ${r.jumpTasks} long tasks (longest ${r.jumpLongest.toFixed(0)} ms)`
  );
}

const PROFILE = process.argv.includes('--profile');
/** --sort COLUMN: with --capture, time sorting every frame by this column (its header's text). */
const SORT = arg('sort', null);
/** --scroll: with --capture, time scrolling every frame (timeScroll). */
const SCROLL = process.argv.includes('--scroll');
const SCROLL_MS = 3000;
const SCROLL_STEP = 400;
const SCROLL_JUMPS = 20;
/** --sort-early COLUMN: sort the frames table by this column once its first rows show, while loading. */
const SORT_EARLY = arg('sort-early', null);
/** --sort-shot FILE.png: a screenshot of the table sorted by --sort, ascending. */
const SORT_SHOT = arg('sort-shot', null) && resolve(arg('sort-shot', null));
/** With --sort-early: a screenshot of the header showing the sort pending. */
const PENDING_SHOT = arg('pending-shot', null) && resolve(arg('pending-shot', null));
/** --shot FILE.png: with --capture, a screenshot with the last frame's detail open. */
const SHOT = arg('shot', null) && resolve(arg('shot', null));
/** --trace-out PREFIX: keep each capture's trace as PREFIX-<count>.json (for chrome://tracing). */
const TRACE_OUT = arg('trace-out', null);
/** --capture FILE: measure this capture instead of the two hostile ones (e.g. bench/generate.mjs's). */
const CAPTURE = arg('capture', null) && resolve(arg('capture', null));
/** --serve: open --capture in browser mode (`wsscope serve FILE`) rather than static mode. */
const SERVE = process.argv.includes('--serve');
if (SERVE && !CAPTURE) {
  console.error('ui-longtasks: --serve needs --capture FILE');
  process.exit(2);
}
const fragments = Number(arg('fragments', '400000'));
const connections = Number(arg('connections', '50000'));
/** --shards N: the page's ?shards=N (decoder shards; undefined: the page chooses). */
const SHARDS = arg('shards', null);
const dir = resolve(arg('keep', null) ?? mkdtempSync(join(tmpdir(), 'wsscope-longtasks-')));
mkdirSync(dir, { recursive: true });
const uiDir = join(dir, 'ui');
try {
  const fragFile = join(dir, `fragments-${fragments}.pcap`);
  const connFile = join(dir, `connections-${connections}.pcap`);
  writeFileSync(fragFile, fragmentsCapture(fragments));
  writeFileSync(connFile, connectionsCapture(connections));
  let server;
  let url;
  const query = SHARDS === null ? '' : `?shards=${SHARDS}`;
  if (SERVE) {
    server = await wsscopeServe(CAPTURE);
    url = `${server.url}${query}`;
  } else {
    await buildUi(uiDir, !PROFILE);
    server = await serve(uiDir);
    url = `http://127.0.0.1:${server.address().port}/${query}`;
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // measureUserAgentSpecificMemory answers at once instead of at the next GC (up to 20 s)
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  let worst = 0;
  if (CAPTURE) worst = Math.max(worst, await measure(context, url, CAPTURE, CAPTURE.split('/').pop()));
  else {
    worst = Math.max(worst, await measure(context, url, fragFile, `${fragments} one-byte fragments`));
    worst = Math.max(worst, await measure(context, url, connFile, `${connections} half-open connections`));
  }
  await browser.close();
  server.close();
  console.log(worst > LIMIT_MS ? `FAIL: a task blocked the main thread ${worst.toFixed(0)} ms` : 'OK');
  // the machine's load changes every number above: say what it was, and how often something
  // runnable waited for a core (Linux pressure stall information)
  let pressure = '';
  try {
    pressure = `; CPU pressure ${/avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]}% (some, 10 s)`;
  } catch {
    // no PSI on this kernel
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores${pressure}`,
  );
  process.exitCode = worst > LIMIT_MS ? 1 : 0;
} finally {
  if (!arg('keep', null)) rmSync(dir, { recursive: true, force: true });
}
