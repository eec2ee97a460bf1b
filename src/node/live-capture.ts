// Live capture through an external capture tool (tcpdump or dumpcap) run as a child process.
//
// Shared by the CLI (`wsscope capture`), the server (browser mode) and the Electron main.
//
// Theory of operation
// - We never open a raw socket ourselves: the capture tool does, with whatever privilege the
//   user gave it, and writes a capture file to its stdout. We hand those bytes, as they come,
//   to `onBytes`; the caller pushes them into a CaptureSession (which reads pcap and pcapng).
// - tcpdump: `tcpdump -i IFACE -U --immediate-mode -w - 'tcp port N'` gives classic pcap.
//   `-U` flushes stdout after every packet and `--immediate-mode` stops libpcap from holding
//   packets in its ring buffer (up to a second on Linux's TPACKET_V3): together they keep the
//   latency from wire to `onBytes` in the low milliseconds.
//   dumpcap: `dumpcap -i IFACE -f 'tcp port N' -w - -q` gives pcapng, flushed per packet when
//   writing to a pipe.
// - `ready` resolves once the capture is armed (see checkReady), so callers can start traffic
//   without losing the first packets.
// - Failures (tool missing, no permission, no such interface) become a LiveCaptureError whose
//   message explains how to fix it, in the terminal's words (sudo apt-get install, setcap, group).
// - `stop()` signals only the child we spawned (by its pid, SIGTERM then SIGKILL after a grace
//   period) and resolves once it has exited and its last bytes were delivered.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { guardChild } from './orphan-guard.js';

export type CaptureTool = 'tcpdump' | 'dumpcap';
export type LiveCaptureFormat = 'pcap' | 'pcapng';

export type LiveCaptureErrorKind = 'tool-missing' | 'permission' | 'interface' | 'bad-option' | 'failed';

export class LiveCaptureError extends Error {
  constructor(
    readonly kind: LiveCaptureErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LiveCaptureError';
  }
}

export interface LiveCaptureOptions {
  port: number;
  /** Network interface; default "lo". */
  iface?: string;
  /** Force a tool; by default tcpdump, else dumpcap (or dumpcap first when `preferFormat` is pcapng). */
  tool?: CaptureTool;
  preferFormat?: LiveCaptureFormat;
  onBytes(chunk: Uint8Array): void;
  /** Called at most once, when the tool fails (it has then exited or is about to). */
  onError(error: LiveCaptureError): void;
  /** The tool exited (after stop(), or on its own). */
  onExit?(code: number | null, signal: NodeJS.Signals | null): void;
}

export interface LiveCapture {
  pid: number;
  tool: CaptureTool;
  /** Format of the bytes given to onBytes. */
  format: LiveCaptureFormat;
  /** The command line, for messages ("tcpdump -i lo …"). */
  command: string[];
  /** Resolves when the tool says it is capturing; rejects with the LiveCaptureError if it fails first. */
  ready: Promise<void>;
  /** Stops the tool (SIGTERM to our child only) and resolves when it has exited. */
  stop(): Promise<void>;
}

const TOOL_FORMAT: Record<CaptureTool, LiveCaptureFormat> = { tcpdump: 'pcap', dumpcap: 'pcapng' };
/** Capture tools often live in sbin, which is not on a normal user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];
const STOP_GRACE_MS = 2000;
const INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** Full path of `name` on PATH (plus the sbin directories), or null. */
export function findExecutable(name: string, pathVar = process.env.PATH ?? ''): string | null {
  const dirs = [...pathVar.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/** The tool to use and where it is, or null when neither is installed. */
export function findCaptureTool(
  preferred?: CaptureTool,
  preferFormat?: LiveCaptureFormat,
): { tool: CaptureTool; path: string } | null {
  const order: CaptureTool[] = preferred
    ? [preferred]
    : preferFormat === 'pcapng'
      ? ['dumpcap', 'tcpdump']
      : ['tcpdump', 'dumpcap'];
  for (const tool of order) {
    const path = findExecutable(tool);
    if (path) return { tool, path };
  }
  return null;
}

export function installHint(tool?: CaptureTool): string {
  if (tool === 'dumpcap')
    return 'install dumpcap: sudo apt-get install wireshark-common (Fedora: sudo dnf install wireshark-cli)';
  return 'install tcpdump: sudo apt-get install tcpdump (Fedora: sudo dnf install tcpdump; macOS has it built in)';
}

export function permissionHint(tool: CaptureTool, iface: string): string {
  const setcap =
    'give tcpdump the capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"';
  const group =
    'join the wireshark group for dumpcap: sudo dpkg-reconfigure wireshark-common (answer yes), sudo usermod -aG wireshark "$USER", then log in again';
  const [first, second] = tool === 'dumpcap' ? [group, setcap] : [setcap, group];
  return `no permission to capture on ${iface} with ${tool}: run as root (sudo), or ${first}; or ${second}`;
}

export function captureCommand(tool: CaptureTool, iface: string, port: number): string[] {
  const filter = `tcp port ${port}`;
  return tool === 'tcpdump'
    ? ['-i', iface, '-U', '--immediate-mode', '-w', '-', filter]
    : ['-i', iface, '-f', filter, '-w', '-', '-q'];
}

/** Classifies the tool's stderr when it fails. */
function classifyFailure(tool: CaptureTool, iface: string, stderr: string, code: number | null): LiveCaptureError {
  const text = stderr.trim();
  if (/permission|not permitted|privilege/i.test(text))
    return new LiveCaptureError('permission', permissionHint(tool, iface));
  if (/no such device|there is no device|doesn't exist|no suitable device|is not up/i.test(text)) {
    return new LiveCaptureError('interface', `no capture interface named ${iface}; list them with: ${tool} -D`);
  }
  const why = text ? lastLine(text) : `exit code ${code}`;
  return new LiveCaptureError('failed', `${tool} failed: ${why}`);
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() && !/packets? (captured|received|dropped)/i.test(l));
  return (lines.at(-1) ?? text).replace(/^(tcpdump|dumpcap): /, '').trim();
}

export function startLiveCapture(options: LiveCaptureOptions): LiveCapture {
  const iface = options.iface ?? 'lo';
  const port = options.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LiveCaptureError('bad-option', `invalid port ${port}: expected an integer from 1 to 65535`);
  }
  if (!INTERFACE_NAME.test(iface))
    throw new LiveCaptureError('bad-option', `invalid interface name ${JSON.stringify(iface)}`);
  const found = findCaptureTool(options.tool, options.preferFormat);
  if (!found) {
    throw new LiveCaptureError(
      'tool-missing',
      options.tool
        ? `${options.tool} is not installed; ${installHint(options.tool)}`
        : `neither tcpdump nor dumpcap is installed; ${installHint()}`,
    );
  }
  const args = captureCommand(found.tool, iface, port);
  let child: ChildProcess;
  try {
    child = spawn(found.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new LiveCaptureError('failed', `could not start ${found.tool}: ${(error as Error).message}`);
  }

  let stderr = '';
  let stopping = false;
  let failed = false;
  let isReady = false;
  let resolveReady!: () => void;
  let rejectReady!: (e: LiveCaptureError) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // callers that never await `ready` hear about failures through onError
  const fail = (error: LiveCaptureError): void => {
    if (failed) return;
    failed = true;
    rejectReady(error);
    options.onError(error);
  };

  // Even a SIGKILL of our process ends the tool (orphan-guard.ts).
  const guard = guardChild(child.pid, found.tool);
  const exited = new Promise<void>((resolve) => {
    // 'close' (not 'exit') fires after stdout has ended, so every byte has reached onBytes.
    child.on('close', (code, signal) => {
      process.removeListener('exit', killOnExit);
      guard.release();
      // Killed by a signal (Ctrl-C reaches the whole process group) is a stop, not a failure.
      if (!stopping && code !== 0 && code !== null) fail(classifyFailure(found.tool, iface, stderr, code));
      if (!isReady && !failed) fail(new LiveCaptureError('failed', `${found.tool} exited before capturing`));
      options.onExit?.(code, signal);
      resolve();
    });
  });
  child.on('error', (error: NodeJS.ErrnoException) => {
    fail(
      error.code === 'EACCES'
        ? new LiveCaptureError('permission', permissionHint(found.tool, iface))
        : new LiveCaptureError('failed', `could not start ${found.tool}: ${error.message}`),
    );
  });
  let headerSeen = false;
  // Ready = the tool said it is capturing AND it wrote its file header: dumpcap prints
  // "Capturing on" before it has opened the interface, "File: -" after; both write the header
  // once the capture (with its filter) is armed.
  const readyLine = found.tool === 'dumpcap' ? /^File: /m : /listening on/;
  const checkReady = (): void => {
    if (!isReady && headerSeen && readyLine.test(stderr)) {
      isReady = true;
      resolveReady();
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    headerSeen = true;
    checkReady();
    options.onBytes(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (stderr.length < 64 * 1024) stderr += text;
    checkReady();
  });

  // If our own process dies first, do not leave the capture tool running.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    } else {
      await exited;
    }
  };

  return {
    pid: child.pid ?? -1,
    tool: found.tool,
    format: TOOL_FORMAT[found.tool],
    command: [found.tool, ...args],
    ready,
    stop,
  };
}
