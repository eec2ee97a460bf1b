// `wsscope slice <capture> (-c N[,M…] | -Y FILTER) -w OUT.pcapng`: the packets of the chosen
// connections only, as pcapng: their TCP handshake and teardown included, original timestamps
// and interfaces, and the capture's Decryption Secrets Blocks (TLS keys) as they were.
// (src/decoder/slice: which records, and the block copy.) tshark and wsscope read the slice with
// the same frames and messages as the original.

import { readFile } from 'node:fs/promises';
import { AnySession, type ConnectionRecord, type DecoderEvent, recordsOf, sliceCapture } from '../../decoder/index.js';
import { type ParsedArgs, stringOption, UsageError } from '../args.js';
import { type CliContext, capturePath } from '../context.js';
import { InputError } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { connectionRange } from '../records.js';
import { writeOutput } from '../write-file.js';

export const SLICE_OPTIONS = {
  connection: { type: 'string', short: 'c' },
  filter: { type: 'string', short: 'Y' },
  write: { type: 'string', short: 'w' },
  help: { type: 'boolean', short: 'h' },
} as const;

function connectionList(value: string | undefined, command: string): number[] | null {
  if (value === undefined) return null;
  const ids = value.split(/[,\s]+/).filter(Boolean);
  if (ids.length === 0 || ids.some((x) => !/^\d+$/.test(x) || Number(x) < 1)) {
    throw new UsageError(`invalid --connection ${JSON.stringify(value)}: expected numbers like 2 or 1,3`, command);
  }
  return ids.map(Number);
}

async function readInput(path: string, ctx: CliContext): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    void ctx;
    throw new InputError(
      `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

export async function runSlice(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'slice';
  const path = capturePath(args, command);
  const out = stringOption(args, 'write');
  if (out === undefined) throw new UsageError("'slice' needs -w OUT.pcapng (- for standard output)", command);
  const wanted = connectionList(stringOption(args, 'connection'), command);
  const display = parseDisplayFilter(args, command);
  if (wanted === null && display === null) {
    throw new UsageError("'slice' needs the connections to keep: -c N[,M…] or -Y FILTER", command);
  }
  const bytes = await readInput(path, ctx);
  const name = path === '-' ? 'standard input' : path;

  // Decode once for the connections (and whatever the filter reads).
  const session = new AnySession({ frameFields: false });
  const connections = new Map<number, ConnectionRecord>();
  const kept = new Set<number>();
  const y = display && new StreamFilter(display, 'connection', (c) => kept.add(c.id));
  let fatal: string | null = null;
  const take = (events: DecoderEvent[]): void => {
    for (const e of events) if (e.kind === 'connection') connections.set(e.connection.id, e.connection);
    for (const e of events) {
      if (e.kind === 'fatal') fatal = e.message;
      y?.event(e, connections);
    }
  };
  session.pushAndDrain(bytes, take);
  session.end();
  take(session.drain());
  if (fatal !== null) throw new InputError(`${name}: ${fatal}`);
  if (session.kind === 'har') throw new InputError(`${name}: a HAR file holds no packets to slice`);
  const all = [...connections.values()].sort((a, b) => a.id - b.id);
  for (const id of wanted ?? []) {
    if (!connections.has(id)) throw new UsageError(`no connection ${id} in ${name} (${connectionRange(all)})`, command);
  }
  if (y) {
    for (const c of all) y.row(c);
    y.end(connections);
  }
  const chosen = all.filter((c) => (wanted === null || wanted.includes(c.id)) && (!y || kept.has(c.id)));
  const selection = recordsOf(bytes, chosen, all);
  const sliced = sliceCapture(bytes, selection);
  await writeOutput(out, sliced, ctx);
  ctx.warn(
    `${out === '-' ? 'wrote' : `wrote ${out}:`} ${selection.records.size} packets of ${chosen.length} connection${chosen.length === 1 ? '' : 's'} (${chosen.map((c) => c.id).join(', ') || 'none'})`,
  );
  return 0;
}
