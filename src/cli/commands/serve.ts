// `wsscope serve [capture] [--port N] [--host H]`: the browser-mode server.
//
// The server lives in src/server (another part of the tree), built to dist/server/index.js next
// to dist/cli/. It is loaded at run time through a computed specifier, so the CLI neither
// bundles it nor fails to build or typecheck while it does not exist; the contract between the
// two is only the signature below.

import { stat } from 'node:fs/promises';
import { intOption, type ParsedArgs, stringOption, UsageError } from '../args.js';
import type { CliContext } from '../context.js';
import { InputError } from '../decode-file.js';

export interface ServeOptions {
  capture?: string;
  port?: number;
  host?: string;
  allowRemoteCapture?: boolean;
  publicNames?: string[];
}

export interface ServerModule {
  startServer(options: ServeOptions): Promise<{
    url: string;
    /** Bound beyond loopback (older servers leave it out). */
    remote?: boolean;
    liveAllowed?: boolean;
    close(): Promise<void>;
  }>;
}

const SERVER_MODULE = '../server/index.js';

export async function runServe(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'serve';
  if (args.positionals.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[1])} for 'serve'`, command);
  }
  const capture = args.positionals[0];
  const port = intOption(args, 'port', command, { min: 0, max: 65535 });
  const host = stringOption(args, 'host');
  if (capture !== undefined) {
    try {
      const st = await stat(capture);
      if (st.isDirectory()) throw new InputError(`${capture}: is a directory, not a capture file`);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${capture}: no such file`);
    }
  }
  let server: ServerModule;
  try {
    const specifier: string = SERVER_MODULE;
    server = (await import(specifier)) as ServerModule;
  } catch (error) {
    throw new InputError(
      `the browser-mode server is not part of this build (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const options: ServeOptions = {};
  if (capture !== undefined) options.capture = capture;
  if (port !== undefined) options.port = port;
  if (host !== undefined) options.host = host;
  if (args.values['allow-remote-capture'] === true) options.allowRemoteCapture = true;
  const names = stringOption(args, 'public-name');
  if (names !== undefined)
    options.publicNames = names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
  let running: Awaited<ReturnType<ServerModule['startServer']>>;
  try {
    running = await server.startServer(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new InputError(`port ${port} is already in use; choose another with --port`);
    if (e.code === 'EACCES') throw new InputError(`no permission to listen on port ${port}; use a port above 1023`);
    throw new InputError(`could not start the server: ${e.message}`);
  }
  // Listen for the signals before printing the URL: whoever reads the URL may stop us at once.
  // The timer keeps Node running until a signal, whatever handles the server holds.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  ctx.stdout.write(`${running.url}\n`);
  if (running.remote === true) {
    ctx.warn(
      `WARNING: serving on ${host} is reachable from the network; anyone holding the URL above (its token) can read the captures served${
        running.liveAllowed === true ? ' and START LIVE CAPTURES on this machine (--allow-remote-capture)' : ''
      }. From another machine, put this machine's address in place of 127.0.0.1. Use the default 127.0.0.1 unless you need this.`,
    );
  }
  ctx.warn('serving; open the URL above in a browser, stop with Ctrl-C');
  await stopped;
  await running.close();
  return 0;
}
