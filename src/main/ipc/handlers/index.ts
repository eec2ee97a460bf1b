// The handler of every IPC channel, one file per operation. The mapped types make the compiler
// check that each channel of src/shared/ipc.ts has exactly one handler, returning that channel's
// ShellApi result type, and taking each renderer argument as `unknown` (so it must validate it).

import type { InvokeArgs, InvokeChannel, InvokeResult, SendArgs, SendChannel } from '../../../shared/ipc.js';
import type { MainContext } from '../context.js';
import { closeStream } from './close-stream.js';
import { saveLiveCapture } from './live-save.js';
import { startLiveCapture } from './live-start.js';
import { stopLiveCapture } from './live-stop.js';
import { openFileDialog } from './open-dialog.js';
import { openDropped } from './open-dropped.js';
import { openInitial } from './open-initial.js';
import { openRecent } from './open-recent.js';
import { readChunk } from './read-chunk.js';
import { readRange } from './read-range.js';
import { recentFiles } from './recent-list.js';
import { reopenStream } from './reopen-stream.js';
import { setLocation } from './set-location.js';
import { setTitle } from './set-title.js';

/** Each renderer argument arrives untyped: a handler sees `unknown` and must check it. */
type Untrusted<T extends unknown[]> = { [I in keyof T]: unknown };

export type InvokeHandler<K extends InvokeChannel> = (
  ctx: MainContext,
  ...args: Untrusted<InvokeArgs<K>>
) => Promise<InvokeResult<K>>;

export type SendHandler<K extends SendChannel> = (ctx: MainContext, ...args: Untrusted<SendArgs<K>>) => void;

export const INVOKE_HANDLERS: { [K in InvokeChannel]: InvokeHandler<K> } = {
  'capture.openDialog': openFileDialog,
  'capture.openInitial': openInitial,
  'capture.openDropped': openDropped,
  'recent.list': recentFiles,
  'recent.open': openRecent,
  'stream.readChunk': readChunk,
  'stream.close': closeStream,
  'stream.reopen': reopenStream,
  'stream.readRange': readRange,
  'live.start': startLiveCapture,
  'live.stop': stopLiveCapture,
  'live.save': saveLiveCapture,
};

export const SEND_HANDLERS: { [K in SendChannel]: SendHandler<K> } = {
  'window.setTitle': setTitle,
  'window.setLocation': setLocation,
};
