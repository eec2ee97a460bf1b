// `wsscope frames|messages|findings|connections <capture>`: the listing commands.
//
// frames, messages and findings stream: each row is printed as soon as the decoder completes it
// and is then dropped. connections waits for the end (a connection's snapshot changes until
// then) and prints the latest snapshot of each, ordered by id.

import type { ConnectionRecord, DecoderEvent } from '../../decoder/index.js';
import { parseProtocolOption } from '../app-protocol.js';
import { type ParsedArgs, UsageError } from '../args.js';
import { connectionSpec, findingSpec, frameSpec, messageSpec, TimeBase } from '../columns.js';
import { type CliContext, capturePath, chooseFormat, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { connectionMatches, findingMatches, frameMatches, messageMatches, parseFilters } from '../filters.js';
import { FindingGate } from '../finding-gate.js';
import { jobsOption } from '../jobs.js';
import { chooseKeyLog } from '../keylog.js';
import { connectionRange, isWebSocketConnection } from '../records.js';

export type ListCommand = 'frames' | 'messages' | 'findings';

export async function runList(command: ListCommand, args: ParsedArgs, ctx: CliContext): Promise<number> {
  const path = capturePath(args, command);
  const filters = parseFilters(args, command);
  const display = parseDisplayFilter(args, command);
  const format = chooseFormat(args, command, ctx);
  const out = makeOutput(ctx, format);
  const base = new TimeBase();

  let onEvent: (event: DecoderEvent, connections: ReadonlyMap<number, ConnectionRecord>) => void;
  let gate: FindingGate | null = null;
  let end: () => void;
  if (command === 'frames') {
    const w = out.list(frameSpec(format, base));
    w.begin();
    onEvent = (e) => {
      if (e.kind === 'frame' && frameMatches(e.frame, filters)) w.row(e.frame);
    };
    end = () => w.end();
    if (display) {
      // -Y: the display filter decides (holding rows it cannot decide yet), then the flags.
      const y = new StreamFilter(display, 'frame', (f) => frameMatches(f, filters) && w.row(f));
      onEvent = (e, connections) => y.event(e, connections);
      end = () => {
        y.end();
        w.end();
      };
    }
  } else if (command === 'messages') {
    const w = out.list(messageSpec(format, base));
    w.begin();
    onEvent = (e) => {
      if (e.kind === 'message' && messageMatches(e.message, filters)) w.row(e.message);
    };
    end = () => w.end();
    if (display) {
      const y = new StreamFilter(display, 'message', (m) => messageMatches(m, filters) && w.row(m));
      onEvent = (e, connections) => y.event(e, connections);
      end = () => {
        y.end();
        w.end();
      };
    }
  } else {
    const w = out.list(findingSpec(format));
    w.begin();
    // Without --all (or a --connection naming one), only WebSocket connections' findings.
    gate = new FindingGate((f) => w.row(f), args.values.all === true || filters.connection !== undefined);
    const g = gate;
    onEvent = (e, connections) => {
      if (e.kind === 'finding' && findingMatches(e.finding, filters))
        g.finding(e.finding, connections.get(e.finding.connectionId ?? -1));
      else if (e.kind === 'connection') g.connection(e.connection);
    };
    end = () => {
      g.end();
      w.end();
    };
    if (display) {
      // The display filter decides first; the gate then holds findings of connections not yet known.
      let known: ReadonlyMap<number, ConnectionRecord> | null = null;
      const y = new StreamFilter(display, 'finding', (x) => {
        if (findingMatches(x, filters)) g.finding(x, known?.get(x.connectionId ?? -1));
      });
      onEvent = (e, connections) => {
        known = connections;
        y.event(e, connections);
        if (e.kind === 'connection') g.connection(e.connection);
      };
      end = () => {
        y.end();
        g.end();
        w.end();
      };
    }
  }

  const summary = await decodeCaptureFile(path, out, onEvent, {
    progress: args.values['no-progress'] !== true,
    jobs: jobsOption(args, command),
    ctx,
    keyLog: await chooseKeyLog(args, ctx),
    app: command === 'messages' ? parseProtocolOption(args, command) : {},
    // Only counted, not kept (a million connections' records took gigabytes), unless a display
    // filter or the findings gate reads them.
    countOnly: display === null && command !== 'findings',
    // Each row is written in the drain that hands it out (a display filter may hold rows).
    transientPayloads: display === null,
  });
  end();
  await out.flush();
  for (const line of summaryWarnings(summary, { hint: 'command' })) ctx.warn(line);
  if (gate !== null && gate.left > 0) {
    const n = gate.left;
    ctx.warn(
      `${n} finding${n === 1 ? '' : 's'} on TCP connections without WebSocket traffic not listed (--all lists them)`,
    );
  }
  // Ids are 1 to connectionCount (connections are only counted here).
  const id = filters.connection;
  if (id !== undefined && (id < 1 || id > summary.connectionCount)) {
    const range =
      summary.connectionCount === 0
        ? 'it has no TCP connections'
        : summary.connectionCount === 1
          ? 'its only connection is 1'
          : `its connections are 1 to ${summary.connectionCount}`;
    throw new UsageError(`no connection ${id} in ${path} (${range})`, command);
  }
  return 0;
}

/** --connection N naming no connection is a usage error (after the, empty, output). */
function checkConnectionExists(
  id: number | undefined,
  connections: ConnectionRecord[],
  path: string,
  command: string,
): void {
  if (id !== undefined && !connections.some((c) => c.id === id)) {
    throw new UsageError(`no connection ${id} in ${path} (${connectionRange(connections)})`, command);
  }
}

export async function runConnections(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'connections';
  const path = capturePath(args, command);
  const filters = parseFilters(args, command);
  const display = parseDisplayFilter(args, command);
  const format = chooseFormat(args, command, ctx);
  const all = args.values.all === true;
  const kept = new Set<number>();
  const y = display && new StreamFilter(display, 'connection', (c) => kept.add(c.id));
  const out = makeOutput(ctx, format);
  // --opcode and --direction keep the connections that carry such frames ("who sent a ping?").
  const carries = new Set<number>();
  const byFrames = filters.opcode !== undefined || filters.direction !== undefined;
  const frameFilter = { opcode: filters.opcode, direction: filters.direction };
  const summary = await decodeCaptureFile(
    path,
    out,
    (e, connections) => {
      if (byFrames && e.kind === 'frame' && frameMatches(e.frame, frameFilter)) carries.add(e.frame.connectionId);
      y?.event(e, connections);
    },
    {
      progress: args.values['no-progress'] !== true,
      ctx,
      keyLog: await chooseKeyLog(args, ctx),
      jobs: jobsOption(args, 'connections'),
    },
  );
  if (y) {
    for (const c of summary.connections) y.row(c);
    y.end(new Map(summary.connections.map((c) => [c.id, c])));
  }
  const rows: ConnectionRecord[] = summary.connections.filter(
    (c) =>
      (all || isWebSocketConnection(c)) &&
      connectionMatches(c, filters) &&
      (!byFrames || carries.has(c.id)) &&
      (!y || kept.has(c.id)),
  );
  const base = new TimeBase();
  // A loop, not Math.min(...list): a spread of a million connections overflows the stack.
  if (summary.connections.length)
    base.origin = summary.connections.reduce((m, c) => Math.min(m, c.firstTime), Infinity);
  const w = out.list(connectionSpec(format, base));
  w.begin();
  for (const c of rows) w.row(c);
  w.end();
  await out.flush();
  for (const line of summaryWarnings(summary, { hint: all ? 'none' : 'all' })) ctx.warn(line);
  checkConnectionExists(filters.connection, summary.connections, path, command);
  return 0;
}
