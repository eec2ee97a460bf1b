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
// - With --keylog FILE (a key log a TLS stack appends to while we capture), the file is read
//   again before each chunk (KeyLogFollower: whole new lines only) and with --write the saved
//   file is pcapng with those lines as Decryption Secrets Blocks ahead of the packets that
//   follow (PcapngStream), so it decrypts on its own in Wireshark and wsscope.
// - SIGINT or SIGTERM: stop the child (only the pid we started), end and drain the session,
//   print the rows that were still pending and a summary on stderr, exit 0.

import { CaptureSession, type ConnectionRecord, type DecoderEvent } from '../../decoder/index.js';
import { CaptureFileWriter, type CaptureWriteError } from '../../node/capture-file-writer.js';
import { KeyLogFollower } from '../../node/keylog-follower.js';
import { type LiveCapture, LiveCaptureError, startLiveCapture } from '../../node/live-capture.js';
import { PcapngStream } from '../../node/pcapng-writer.js';
import { nodeTlsCrypto } from '../../node/tls-crypto.js';
import { enumOption, intOption, type ParsedArgs, stringOption, UsageError } from '../args.js';
import { messageSpec, TimeBase } from '../columns.js';
import { type CliContext, chooseFormat, makeOutput } from '../context.js';
import { InputError } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { messageMatches, parseFilters } from '../filters.js';
import { isWebSocketConnection } from '../records.js';

/** How long captured packets wait for key log lines before --write saves them (see PcapngStream). */
const KEY_HOLD_MS = 1000;

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
  // As every command that reads a capture: --keylog, else the SSLKEYLOGFILE the environment names.
  const keyLogFrom = stringOption(args, 'keylog') !== undefined ? '--keylog' : 'SSLKEYLOGFILE';
  const keyLogPath = stringOption(args, 'keylog') ?? (process.env.SSLKEYLOGFILE || undefined);
  const follower = keyLogPath === undefined ? null : new KeyLogFollower(keyLogPath);
  // Keys can only be embedded in pcapng: with --keylog the saved file is always pcapng.
  // Packets are held a second before being saved, so that a secret logged just after the
  // packets that need it (a TLS 1.2 server's master secret) is still written ahead of them.
  const pcapng = follower && writePath !== undefined ? new PcapngStream(KEY_HOLD_MS) : null;
  let keyLines = 0;
  /** New key log lines, counted and handed to the decoder, before the packets they decrypt. */
  const takeKeys = (text: string): string => {
    if (text.length === 0) return text;
    keyLines += text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
    session.addKeyLog(text, keyLogPath);
    return text;
  };
  const filters = parseFilters(args, command);
  const format = chooseFormat(args, command, ctx);
  const out = makeOutput(ctx, format);
  const rows = out.list(messageSpec(format, new TimeBase()));
  const display = parseDisplayFilter(args, command);
  const y = display && new StreamFilter(display, 'message', (m) => messageMatches(m, filters) && rows.row(m));

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
  const session = new CaptureSession({ frameFields: false, tls: { crypto: nodeTlsCrypto } });
  const connections = new Map<number, ConnectionRecord>();
  let messages = 0;
  let findings = 0;
  let fatal: string | null = null;
  const handle = (events: DecoderEvent[]): void => {
    // Snapshots first: a drain may carry a connection's snapshot after its messages (-Y reads it).
    for (const e of events) if (e.kind === 'connection') connections.set(e.connection.id, e.connection);
    for (const e of events) {
      y?.event(e, connections);
      if (e.kind === 'connection') continue;
      if (e.kind === 'finding') findings++;
      else if (e.kind === 'fatal') fatal = e.message;
      else if (e.kind === 'message') {
        messages++;
        if (!y && messageMatches(e.message, filters)) rows.row(e.message);
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
        const rest = takeKeys(follower?.rest() ?? '');
        if (pcapng) file?.write(pcapng.end(rest));
        session.end();
        handle(session.drain());
        y?.end();
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
        if (follower) {
          ctx.warn(
            follower.exists()
              ? `read ${keyLines} key log line${keyLines === 1 ? '' : 's'} from ${keyLogPath}${pcapng ? ', embedded in the saved pcapng' : ''}`
              : `warning: the key log ${keyLogPath} never appeared; nothing could be decrypted`,
          );
        }
        if (file && writePath && pcapng) {
          ctx.warn(
            `saved the capture to ${writePath} (pcapng from ${capture.tool}'s ${capture.format}, with the TLS keys)`,
          );
        } else if (file && writePath) {
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
          const keys = follower ? takeKeys(follower.poll()) : '';
          file?.write(pcapng ? pcapng.push(chunk, keys) : chunk);
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
        if (keyLogPath !== undefined) ctx.warn(`following the key log ${keyLogPath} (${keyLogFrom}) for TLS secrets`);
      },
      () => {},
    );
  });
}
