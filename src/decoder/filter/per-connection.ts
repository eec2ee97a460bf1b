// Parts of a filter that read only a row's connection, decided once per connection (compile.ts).

import type { ConnectionRecord, Direction } from '../records.js';
import type { RowOf } from './bind.js';
import type { CheckedNode } from './compile.js';
import type { FindingCursor, FrameCursor, Level, MessageCursor } from './cursors.js';
import type { FilterEnv } from './field-def.js';

/**
 * What an expression at a row level (not connection) reads: only the row's connection
 * ('connection'), the connection as seen from the row's sender ('side': ip.src), or the row.
 */
export type Reach = 'connection' | 'side' | 'row';

export function reach(node: CheckedNode, level: Level): Reach {
  if (node.kind === 'not') return reach(node.expr, level);
  if (node.kind === 'and' || node.kind === 'or') {
    const a = reach(node.left, level);
    const b = reach(node.right, level);
    return a === 'row' || b === 'row' ? 'row' : a === 'side' || b === 'side' ? 'side' : 'connection';
  }
  const f = node.field;
  return f[level] ? 'row' : f.side ? 'side' : f.connection ? 'connection' : 'row';
}

/** A connection-level reading of an expression whose reach is not 'row'. A missing connection reads every field as absent. */
function connectionTest(node: CheckedNode, env: FilterEnv): (c: ConnectionRecord | null, server: boolean) => boolean {
  if (node.kind === 'not') {
    const a = connectionTest(node.expr, env);
    return (c, s) => !a(c, s);
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const a = connectionTest(node.left, env);
    const b = connectionTest(node.right, env);
    return node.kind === 'and' ? (c, s) => a(c, s) && b(c, s) : (c, s) => a(c, s) || b(c, s);
  }
  const { field, test } = node;
  if (field.side) {
    const read = field.side;
    return (c, s) => c !== null && test(read(c, s ? 'server' : 'client'));
  }
  const read = field.connection!;
  return (c) => c !== null && test(read(c, env));
}

/**
 * An expression decided once per connection and side, remembered by connection id: rows of many
 * connections interleave (a capture with 400 open at once), so one "last connection" is not
 * enough. A changed connection is a new snapshot object, which is decided again.
 */
export function perConnection<L extends Level>(node: CheckedNode, level: L, env: FilterEnv): (r: RowOf[L]) => boolean {
  const decide = connectionTest(node, env);
  const whenNone = decide(null, false);
  const sided = reach(node, level) === 'side';
  const sender = senderOf(level);
  const snapshots: (ConnectionRecord | undefined)[] = [];
  // Per connection id: bit 0 the client side is decided, bit 1 its answer; bits 2, 3 the server's.
  let known = new Uint8Array(256);
  return (r) => {
    const c = (r as { connection(): ConnectionRecord | null }).connection();
    if (c === null) return whenNone;
    const id = c.id;
    if (id < 0) return decide(c, sided && sender(r as never) === 'server');
    if (id >= known.length) {
      const next = new Uint8Array(Math.max(id + 1, known.length * 2));
      next.set(known);
      known = next;
    }
    if (snapshots[id] !== c) {
      snapshots[id] = c;
      known[id] = 0;
    }
    const server = sided && sender(r as never) === 'server';
    const shift = server ? 2 : 0;
    const bits = known[id] >> shift;
    if ((bits & 1) !== 0) return (bits & 2) !== 0;
    const answer = decide(c, server);
    known[id] |= (answer ? 3 : 1) << shift;
    return answer;
  };
}

function senderOf(level: Level): (r: never) => Direction | null {
  if (level === 'finding') return (r) => (r as FindingCursor).finding().direction;
  return (r) => (r as FrameCursor | MessageCursor).direction();
}
