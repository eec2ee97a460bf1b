// A capture tool must not outlive wsscope, even when wsscope is killed with SIGKILL (no 'exit'
// handler runs then).
//
// Why not PR_SET_PDEATHSIG (`setpriv --pdeathsig`): Linux clears it when a process changes its
// credentials, and tcpdump started as root drops to the tcpdump user at once (and one with file
// capabilities clears it at exec), so the tool would survive anyway. Instead a watcher shell
// holds the read end of a pipe whose write end only we hold: when our process ends in any way the
// kernel closes it, `read` returns, and the watcher sends SIGTERM to the tool's pid, after
// checking that the pid still runs the tool (not a process that reused the number). A normal stop
// ends the watcher first (by its pid). POSIX sh and /proc: Linux only; elsewhere nothing is
// started and the 'exit' handler in live-capture.ts remains the guard.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const WATCH = 'read _ ; [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] && kill -TERM "$1" 2>/dev/null; exit 0';

export interface OrphanGuard {
  /** The capture ended normally: end the watcher (by its pid). */
  release(): void;
}

/** Watches `pid` (a process running `comm`) and kills it when this process ends. */
export function guardChild(pid: number | undefined, comm: string): OrphanGuard {
  if (pid === undefined || process.platform !== 'linux' || !existsSync('/bin/sh') || !existsSync('/proc/self/comm')) {
    return { release() {} };
  }
  let watcher: ChildProcess | null = null;
  try {
    // stdin is the pipe; nothing else is inherited. Detached: Ctrl-C to our process group must
    // not end the watcher before the tool.
    watcher = spawn('/bin/sh', ['-c', WATCH, 'wsscope-guard', String(pid), comm.slice(0, 15)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watcher.on('error', () => {});
    watcher.unref();
    // Our end of the pipe must not keep the event loop alive.
    (watcher.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  } catch {
    watcher = null;
  }
  return {
    release() {
      if (watcher !== null && watcher.exitCode === null && watcher.signalCode === null) watcher.kill('SIGKILL');
      watcher = null;
    },
  };
}
