// wsscope's command line: the command table, dispatch, and the one place that maps errors to
// exit codes. main.ts is the executable around it.
//
// Exit codes (issue 3): 0 success, also for damaged captures (damage goes to stderr);
// 1 the input could not be read as a capture (or a capture tool failed); 2 wrong usage;
// 70 (EX_SOFTWARE) an internal error, which is a bug: one line asking for a report, and the
// stack only with WSSCOPE_DEBUG=1. User errors never print a stack trace.

import { PROTOCOL_OPTION } from './app-protocol.js';
import { type OptionSpecs, type ParsedArgs, parseArgs, UsageError } from './args.js';
import { runCapture } from './commands/capture.js';
import { runExport } from './commands/export.js';
import { runFields } from './commands/fields.js';
import { runFollow } from './commands/follow.js';
import { runHandshake } from './commands/handshake.js';
import { runConnections, runList } from './commands/list.js';
import { runRequests } from './commands/requests.js';
import { runServe } from './commands/serve.js';
import { runSlice, SLICE_OPTIONS } from './commands/slice.js';
import { runStats } from './commands/stats.js';
import { type CliContext, FORMAT_OPTIONS } from './context.js';
import { InputError } from './decode-file.js';
import { FILTER_OPTIONS } from './filters.js';
import { HELP, MAIN_HELP, VERSION } from './help.js';
import { JOBS_OPTION } from './jobs.js';
import { TLS_OPTIONS } from './keylog.js';
import { asOutOfMemory, OutOfMemoryError } from './memory-guard.js';

export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70, memory: 3 } as const;

interface Command {
  options: OptionSpecs;
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

const LISTING: OptionSpecs = { ...FORMAT_OPTIONS, ...FILTER_OPTIONS, ...TLS_OPTIONS };
/** The commands that decode a capture file also take --jobs. */
const FILE_LISTING: OptionSpecs = { ...LISTING, ...JOBS_OPTION };

export const COMMANDS: Record<string, Command> = {
  connections: { options: { ...FILE_LISTING, all: { type: 'boolean', short: 'a' } }, run: runConnections },
  frames: { options: FILE_LISTING, run: (a, c) => runList('frames', a, c) },
  messages: { options: { ...FILE_LISTING, ...PROTOCOL_OPTION }, run: (a, c) => runList('messages', a, c) },
  findings: {
    options: { ...FILE_LISTING, all: { type: 'boolean', short: 'a' } },
    run: (a, c) => runList('findings', a, c),
  },
  handshake: {
    options: { ...FORMAT_OPTIONS, connection: FILTER_OPTIONS.connection, ...TLS_OPTIONS, ...JOBS_OPTION },
    run: runHandshake,
  },
  follow: { options: { ...FILE_LISTING, ...PROTOCOL_OPTION }, run: runFollow },
  stats: { options: FILE_LISTING, run: runStats },
  requests: {
    options: {
      ...FORMAT_OPTIONS,
      connection: FILTER_OPTIONS.connection,
      direction: FILTER_OPTIONS.direction,
      grep: FILTER_OPTIONS.grep,
      status: { type: 'string', short: 's' },
      stats: { type: 'boolean' },
      ...PROTOCOL_OPTION,
      ...JOBS_OPTION,
    },
    run: runRequests,
  },
  capture: {
    options: {
      ...LISTING,
      port: { type: 'string', short: 'p' },
      interface: { type: 'string', short: 'i' },
      write: { type: 'string', short: 'w' },
      tool: { type: 'string' },
      keylog: { type: 'string' },
    },
    run: runCapture,
  },
  serve: {
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'allow-remote-capture': { type: 'boolean' },
      'public-name': { type: 'string' },
    },
    run: runServe,
  },
  fields: { options: { format: FORMAT_OPTIONS.format, help: FORMAT_OPTIONS.help }, run: runFields },
  export: {
    options: {
      ...FILTER_OPTIONS,
      'no-progress': FORMAT_OPTIONS['no-progress'],
      help: FORMAT_OPTIONS.help,
      har: { type: 'string' },
      ...JOBS_OPTION,
    },
    run: runExport,
  },
  slice: { options: SLICE_OPTIONS, run: runSlice },
};

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    ctx.stderr.write(MAIN_HELP);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic !== undefined && Object.hasOwn(HELP, topic)) ctx.stdout.write(HELP[topic]);
    else if (topic !== undefined) throw new UsageError(`unknown command '${topic}'`);
    else ctx.stdout.write(MAIN_HELP);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    ctx.stdout.write(`wsscope ${VERSION}\n`);
    return EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    if (name.startsWith('-')) throw new UsageError(`unknown option '${name}' (options go after the command)`);
    const guess = Object.keys(COMMANDS).find((c) => c.startsWith(name.slice(0, 3)));
    const hint = /\.(pcap|pcapng|cap)$/i.test(name)
      ? `; to list its messages: wsscope messages ${name}`
      : guess
        ? `; did you mean '${guess}'?`
        : '';
    throw new UsageError(`unknown command '${name}'${hint}`);
  }
  const command = COMMANDS[name];
  const args = parseArgs(rest, command.options, name);
  if (args.values.help === true) {
    ctx.stdout.write(HELP[name]);
    return EXIT.ok;
  }
  return command.run(args, ctx);
}

/** The line main prints for an error, and the exit code it uses. */
export function describeError(error: unknown): { line: string; code: number } {
  if (error instanceof UsageError) {
    const help = error.command ? `wsscope ${error.command} --help` : 'wsscope --help';
    return { line: `wsscope: ${error.message} (try '${help}')`, code: EXIT.usage };
  }
  if (error instanceof InputError) return { line: `wsscope: ${error.message}`, code: EXIT.input };
  const oom = error instanceof OutOfMemoryError ? error : asOutOfMemory(error, 'the input');
  if (oom !== null) return { line: `wsscope: ${oom.message}`, code: EXIT.memory };
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `wsscope: internal error: ${message.split('\n')[0]} (this is a bug; please report it with the command and capture)`,
    code: EXIT.internal,
  };
}
