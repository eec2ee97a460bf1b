// Wires INVOKE_HANDLERS / SEND_HANDLERS to ipcMain.
//
// Rules (Electron security checklist, "validate the sender of all IPC messages"): a message is
// served only if it comes from our own UI (`isTrustedSender`, checked against the sender frame's
// URL) and carries no more arguments than its handler takes. A handler's error rejects the
// renderer's promise with its message; nothing else leaks. `ipcMain` is injected (an interface with
// the three methods used), so this is tested without Electron.

import { INVOKE_CHANNELS, type InvokeChannel, type SendChannel } from '../../shared/ipc.js';
import type { MainContext } from './context.js';
import { INVOKE_HANDLERS, SEND_HANDLERS } from './handlers/index.js';

/** The part of an IpcMainInvokeEvent / IpcMainEvent the checks read. */
export interface IpcEventLike {
  senderFrame?: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export type TrustedSender = (event: IpcEventLike) => boolean;

/** Registers every channel; returns a function that unregisters them. */
export function registerIpc(ipc: IpcMainLike, ctx: MainContext, isTrustedSender: TrustedSender): () => void {
  for (const channel of INVOKE_CHANNELS) {
    const handler = INVOKE_HANDLERS[channel] as (ctx: MainContext, ...args: unknown[]) => Promise<unknown>;
    ipc.handle(channel, async (event, ...args) => {
      checkMessage(channel, handler, event, args, isTrustedSender);
      return handler(ctx, ...args);
    });
  }
  const sendChannels = Object.keys(SEND_HANDLERS) as SendChannel[];
  for (const channel of sendChannels) {
    const handler = SEND_HANDLERS[channel] as (ctx: MainContext, ...args: unknown[]) => void;
    ipc.on(channel, (event, ...args) => {
      try {
        checkMessage(channel, handler, event, args, isTrustedSender);
        handler(ctx, ...args);
      } catch (error) {
        // A send has nobody to answer; a bad one is dropped and noted.
        console.warn(`wsscope: ignored ${channel}: ${(error as Error).message}`);
      }
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipc.removeHandler(channel);
    for (const channel of sendChannels) ipc.removeAllListeners(channel);
  };
}

function checkMessage(
  channel: InvokeChannel | SendChannel,
  handler: (...args: never[]) => unknown,
  event: IpcEventLike,
  args: unknown[],
  isTrustedSender: TrustedSender,
): void {
  if (!isTrustedSender(event)) {
    throw new Error(`${channel}: refused a message from ${JSON.stringify(event.senderFrame?.url ?? 'unknown')}`);
  }
  // handler.length counts the context too.
  const expected = handler.length - 1;
  if (args.length > expected) {
    throw new Error(`${channel}: expected at most ${expected} argument(s), got ${args.length}`);
  }
}

/** A TrustedSender accepting only frames showing the UI at `uiUrl` (a file:// URL of dist/ui/index.html). */
export function senderIsUi(uiUrl: string): TrustedSender {
  const expected = stripHashAndQuery(uiUrl);
  return (event) => {
    const url = event.senderFrame?.url;
    return typeof url === 'string' && stripHashAndQuery(url) === expected;
  };
}

function stripHashAndQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    parsed.search = '';
    return parsed.href;
  } catch {
    return '';
  }
}
