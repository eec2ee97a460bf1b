// The wsscope executable (bundled to dist/cli/wsscope.js): sets up the process and runs app.ts.
//
// stdout closed early (`wsscope messages big.pcap | head`): EPIPE ends the process at once,
// quietly, with exit code 0, as `cat` and `grep` do. Exit codes are set with process.exitCode so
// pending output is written before Node exits.

import { describeError, EXIT, main } from './app.js';
import { printable } from './cells.js';
import { processContext } from './context.js';

async function run(): Promise<void> {
  const controller = new AbortController();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      // The reader is gone (head, less quit): stop at once and quietly.
      controller.abort();
      process.exit(EXIT.ok);
    }
    process.stderr.write(`wsscope: cannot write to stdout: ${error.message}\n`);
    process.exit(EXIT.input);
  });
  // Errors thrown outside the command's promise (a stream's 'error' event, a callback): one
  // line and the usual exit code (70 for bugs), never Node's stack dump.
  const crash = (error: unknown): void => {
    const { line, code } = describeError(error);
    process.stderr.write(printable(line) + '\n');
    if (process.env.WSSCOPE_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exit(code);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const ctx = processContext(controller.signal);
  try {
    process.exitCode = await main(process.argv.slice(2), ctx);
  } catch (error) {
    const { line, code } = describeError(error);
    // File names in the message may hold control characters: shown escaped, never obeyed.
    process.stderr.write(printable(line) + '\n');
    if (code === EXIT.internal && process.env.WSSCOPE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = code;
  }
}

void run();
