// `wsscope capture --port N [--interface lo] [--write FILE]`: live capture, messages as they arrive.
//
// Theory of operation
// - src/node/live-capture.ts runs tcpdump or dumpcap; every chunk of its stdout is pushed into
//   one CaptureSession and drained at once, and the rows are written immediately (one write per
//   chunk), so a message reaches stdout within milliseconds of crossing the wire.
// - With --write the same bytes are appended to the file as they come: the file is what the
//   tool wrote, in the tool's format (pcapng from dumpcap, pcap from tcpdump). dumpcap is
//   preferred when the file name ends in .pcapng; if only tcpdump is there, the file holds
//   classic pcap and the summary says so (Wireshark and wsscope read both by content).
// - SIGINT or SIGTERM: stop the child (only the pid we started), end and drain the session,
//   print the rows that were still pending and a summary on stderr, exit 0.

import { CaptureSession, type ConnectionRecord, type DecoderEvent } from '../../decoder/index.js';
import { CaptureFileWriter, type CaptureWriteError } from '../../node/capture-file-writer.js';
import { type LiveCapture, LiveCaptureError, startLiveCapture } from '../../node/live-capture.js';
import { enumOption, intOption, type ParsedArgs, stringOption, UsageError } from '../args.js';
import { messageSpec, TimeBase } from '../columns.js';
import { type CliContext, chooseFormat, makeOutput } from '../context.js';
import { InputError } from '../decode-file.js';
import { messageMatches, parseFilters } from '../filters.js';
import { isWebSocketConnection } from '../records.js';

export async function runCapture(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'capture';
  if (args.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])} for 'capture'`, command);
  }
  const port = intOption(args, 'port', command, { min: 1, max: 65535 });
  if (port === undefined) throw new UsageError("'capture' needs --port N (the TCP port to watch)", command);
  const iface = stringOption(args, 'interface') ?? 'lo';
  const tool = enumOption(args, 'tool', ['tcpdump', 'dumpcap'] as const, command);
  const writePath = stringOption(args, 'write');
  const filters = parseFilters(args, command);
  const format = chooseFormat(args, command, ctx);
  const out = makeOutput(ctx, format);
  const rows = out.list(messageSpec(format, new TimeBase()));

  // A failed write (a full disk) stops the capture with an error (capture-file-writer.ts).
  let writeFailure: CaptureWriteError | null = null;
  let onWriteFailure = (): void => {};
  let file: CaptureFileWriter | null = null;
  if (writePath !== undefined) {
    file = await CaptureFileWriter.open(writePath, (error) => {
      writeFailure = error;
      onWriteFailure();
    }).catch((error: Error) => {
      throw new InputError(error.message);
    });
  }

  // No output shows frames' bit-level field records, so they are not built (a per-frame cost;
  // buildFrameFields makes them from a frame's header on demand).
  const session = new CaptureSession({ frameFields: false });
  const connections = new Map<number, ConnectionRecord>();
  let messages = 0;
  let findings = 0;
  let fatal: string | null = null;
  const handle = (events: DecoderEvent[]): void => {
    for (const e of events) {
      if (e.kind === 'connection') connections.set(e.connection.id, e.connection);
      else if (e.kind === 'finding') findings++;
      else if (e.kind === 'fatal') fatal = e.message;
      else if (e.kind === 'message') {
        messages++;
        if (messageMatches(e.message, filters)) rows.row(e.message);
      }
    }
  };

  rows.begin();
  await out.flush();

  return new Promise<number>((resolve, reject) => {
    let capture: LiveCapture;
    let finished = false;
    let failure: LiveCaptureError | null = null;
    const finish = async (): Promise<void> => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ctx.signal.removeEventListener('abort', onSignal);
      try {
        await capture.stop();
        session.end();
        handle(session.drain());
        rows.end();
        await out.flush();
        if (file) await file.close();
        if (failure) {
          reject(new InputError(failure.message));
          return;
        }
        const lost = writeFailure as CaptureWriteError | null;
        if (lost !== null) {
          reject(new InputError(`${lost.message}; the capture stopped, ${lost.keptBytes} bytes of whole records kept`));
          return;
        }
        if (fatal !== null) ctx.warn(`warning: the capture tool's output could not be decoded: ${fatal}`);
        const ws = [...connections.values()].filter(isWebSocketConnection).length;
        const records = session.progress().records;
        ctx.warn(
          `captured ${records} packet${records === 1 ? '' : 's'}: ${messages} message${messages === 1 ? '' : 's'} on ${ws} WebSocket connection${ws === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}`,
        );
        if (file && writePath) {
          const note =
            capture.format === 'pcap' && /\.pcapng$/i.test(writePath)
              ? ` (classic pcap from tcpdump despite the .pcapng name; install dumpcap for pcapng)`
              : ` (${capture.format} from ${capture.tool})`;
          ctx.warn(`saved the raw capture to ${writePath}${note}`);
        }
        resolve(0);
      } catch (error) {
        reject(error);
      }
    };
    const onSignal = (): void => {
      void finish();
    };
    onWriteFailure = onSignal;

    try {
      capture = startLiveCapture({
        port,
        iface,
        tool,
        preferFormat: writePath !== undefined && /\.pcapng$/i.test(writePath) ? 'pcapng' : 'pcap',
        onBytes(chunk) {
          file?.write(chunk);
          if (fatal !== null) return;
          session.push(chunk);
          handle(session.drain());
          void out.flush();
        },
        onError(error) {
          failure = error;
          void finish();
        },
        onExit() {
          // The tool stopped on its own (e.g. the interface went away): finish as on Ctrl-C.
          void finish();
        },
      });
    } catch (error) {
      void file?.close();
      if (error instanceof LiveCaptureError) {
        reject(error.kind === 'bad-option' ? new UsageError(error.message, command) : new InputError(error.message));
      } else reject(error);
      return;
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    ctx.signal.addEventListener('abort', onSignal);
    capture.ready.then(
      () => {
        ctx.warn(`capturing tcp port ${port} on ${iface} with ${capture.tool} (pid ${capture.pid}); stop with Ctrl-C`);
      },
      () => {},
    );
  });
}
