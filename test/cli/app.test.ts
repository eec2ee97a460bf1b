// The CLI touches the process only through its CliContext: usage help goes to ctx.stderr, the
// progress bar to ctx.stderr (hidden around a terminal ctx.stdout), Ctrl-C through ctx.onInterrupt;
// and processContext wires those to the real process (SIGINT listened to only while a file is read).

import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT, main } from '../../src/cli/app.js';
import { type CliContext, type CliProcess, processContext } from '../../src/cli/context.js';
import { decodeCaptureFile } from '../../src/cli/decode-file.js';
import { MAIN_HELP } from '../../src/cli/help.js';
import { Output } from '../../src/cli/output.js';

const ECHO = join(import.meta.dirname, '../../fixtures/shared/01_pyws_text_echo.pcap');

/** A stream that keeps what is written, and says it is (or is not) a terminal. */
function captureStream(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; text(): string } {
  const chunks: Buffer[] = [];
  const stream = Object.assign(new PassThrough(), {
    isTTY,
    columns: 200,
    text: () => Buffer.concat(chunks).toString(),
  });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return stream;
}

function fakeContext(tty: boolean) {
  const stdout = captureStream(tty);
  const stderr = captureStream(tty);
  const cleanups: (() => void)[] = [];
  let removed = 0;
  const ctx: CliContext = {
    stdout,
    stderr,
    warn: (line) => stderr.write(`wsscope: ${line}\n`),
    signal: new AbortController().signal,
    onInterrupt(cleanup) {
      cleanups.push(cleanup);
      return () => {
        removed += 1;
      };
    },
  };
  return { ctx, stdout, stderr, cleanups, removed: () => removed };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('main', () => {
  it('writes the overview to ctx.stderr (not the process) when no command is given, exit 2', async () => {
    const processStderr = vi.spyOn(process.stderr, 'write');
    const { ctx, stdout, stderr } = fakeContext(false);
    expect(await main([], ctx)).toBe(EXIT.usage);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stderr.text()).toBe(MAIN_HELP);
    expect(stdout.text()).toBe('');
    expect(processStderr).not.toHaveBeenCalled();
  });
});

describe('decodeCaptureFile with a context', () => {
  it('draws and erases the progress bar on ctx.stderr and hands its Ctrl-C cleanup to ctx.onInterrupt', async () => {
    const processStderr = vi.spyOn(process.stderr, 'write');
    // Every clock reading is 2 s after the last, so the bar is past its 1 s delay at once.
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 2000));
    const { ctx, stdout, stderr, cleanups, removed } = fakeContext(true);
    const out = new Output(stdout, 'ndjson');
    let interruptsDuringRead = 0;
    const summary = await decodeCaptureFile(
      ECHO,
      out,
      () => {
        interruptsDuringRead = cleanups.length - removed();
      },
      { ctx },
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(summary.connections.length).toBe(1);
    expect(interruptsDuringRead).toBe(1); // listening while reading…
    expect(removed()).toBe(1); // …and not after
    const text = stderr.text();
    // Drawn once after the only chunk (full), then erased at the end.
    expect(text).toBe(`\rreading ${ECHO} [${'#'.repeat(30)}] 100% 0.0/0.0 MiB\x1b[K\r\x1b[K`);
    expect(processStderr).not.toHaveBeenCalled();

    // Ctrl-C's cleanup erases the bar only if it shows: after the end it writes nothing.
    cleanups[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stderr.text()).toBe(text);
  });
});

describe('processContext', () => {
  function fakeProcess() {
    const emitter = new EventEmitter();
    const stderr = captureStream(false);
    const exit = vi.fn();
    const proc = Object.assign(emitter, { stdout: captureStream(false), stderr, exit }) as unknown as CliProcess &
      EventEmitter;
    return { proc, stderr, exit };
  }

  it('warns on its stderr with the "wsscope: " prefix', async () => {
    const { proc, stderr } = fakeProcess();
    processContext(undefined, proc).warn('careful');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stderr.text()).toBe('wsscope: careful\n');
  });

  it('listens for SIGINT only while a cleanup is registered, runs them all, then exits 130', () => {
    const { proc, exit } = fakeProcess();
    const ctx = processContext(undefined, proc);
    expect(proc.listenerCount('SIGINT')).toBe(0);
    const ran: string[] = [];
    const removeA = ctx.onInterrupt(() => ran.push('a'));
    const removeB = ctx.onInterrupt(() => ran.push('b'));
    expect(proc.listenerCount('SIGINT')).toBe(1);
    removeA();
    proc.emit('SIGINT');
    expect(ran).toEqual(['b']);
    expect(exit).toHaveBeenCalledWith(130);
    removeB();
    removeB(); // twice is harmless
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });
});
