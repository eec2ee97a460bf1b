// Row filters shared by every listing command: --connection, --direction, --opcode, --grep.
//
// - --opcode takes a name (text, binary, close, ping, pong, continuation) or a number
//   (decimal or 0x hex), so reserved opcodes can be selected too.
// - --grep takes plain text (case-sensitive substring) or /regex/flags. It searches what a
//   person reads: a message's text (binary payloads decoded as UTF-8, lossily), a close reason,
//   a frame's unmasked payload, a finding's code and message, a connection's request.

import type { ConnectionRecord, Direction, Finding, FrameRecord, MessageRecord } from '../decoder/index.js';
import { opcodeByName } from '../decoder/index.js';
import { intOption, type ParsedArgs, stringOption, UsageError } from './args.js';
import { endpointText } from './columns.js';

export const FILTER_OPTIONS = {
  connection: { type: 'string', short: 'c' },
  direction: { type: 'string', short: 'd' },
  opcode: { type: 'string', short: 'o' },
  grep: { type: 'string', short: 'g' },
  // -Y/--filter: the display-filter language (display-filter.ts, src/decoder/filter).
  filter: { type: 'string', short: 'Y' },
} as const;

export interface Filters {
  connection?: number;
  direction?: Direction;
  opcode?: number;
  grep?: (text: string) => boolean;
}

export function parseOpcode(value: string, command: string): number {
  const named = opcodeByName(value.toLowerCase());
  if (named !== undefined) return named;
  const n = /^0x[0-9a-f]+$/i.test(value)
    ? Number.parseInt(value.slice(2), 16)
    : /^\d+$/.test(value)
      ? Number(value)
      : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 15) {
    throw new UsageError(
      `invalid --opcode ${JSON.stringify(value)}: expected text, binary, close, ping, pong, continuation or a number 0-15`,
      command,
    );
  }
  return n;
}

export function parseGrep(value: string, command: string): (text: string) => boolean {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(value);
  if (!m) return (text) => text.includes(value);
  let re: RegExp;
  try {
    re = new RegExp(m[1], m[2].replace(/[gy]/g, ''));
  } catch (error) {
    throw new UsageError(`invalid --grep regular expression ${value}: ${(error as Error).message}`, command);
  }
  return (text) => re.test(text);
}

export function parseFilters(args: ParsedArgs, command: string): Filters {
  const filters: Filters = {};
  const connection = intOption(args, 'connection', command, { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (connection !== undefined) filters.connection = connection;
  const direction = stringOption(args, 'direction');
  if (direction !== undefined) {
    const d = direction.toLowerCase();
    if (d === 'client' || d === 'c2s') filters.direction = 'client';
    else if (d === 'server' || d === 's2c') filters.direction = 'server';
    else throw new UsageError(`invalid --direction ${JSON.stringify(direction)}: expected client or server`, command);
  }
  const opcode = stringOption(args, 'opcode');
  if (opcode !== undefined) filters.opcode = parseOpcode(opcode, command);
  const grep = stringOption(args, 'grep');
  if (grep !== undefined) filters.grep = parseGrep(grep, command);
  return filters;
}

const utf8 = new TextDecoder('utf-8');

export function messageMatches(m: MessageRecord, f: Filters): boolean {
  if (f.connection !== undefined && m.connectionId !== f.connection) return false;
  if (f.direction !== undefined && m.direction !== f.direction) return false;
  if (f.opcode !== undefined && m.opcode !== f.opcode) return false;
  if (f.grep) {
    const text = m.text ?? (m.close ? `${m.close.code ?? ''} ${m.close.reason}` : utf8.decode(m.payload));
    if (!f.grep(text)) return false;
  }
  return true;
}

export function frameMatches(fr: FrameRecord, f: Filters): boolean {
  if (f.connection !== undefined && fr.connectionId !== f.connection) return false;
  if (f.direction !== undefined && fr.direction !== f.direction) return false;
  if (f.opcode !== undefined && fr.opcode !== f.opcode) return false;
  if (f.grep && !f.grep(utf8.decode(fr.payload))) return false;
  return true;
}

export function findingMatches(fi: Finding, f: Filters): boolean {
  if (f.connection !== undefined && fi.connectionId !== f.connection) return false;
  if (f.direction !== undefined && fi.direction !== f.direction) return false;
  if (f.grep && !f.grep(`${fi.code} ${fi.message}`)) return false;
  return true;
}

export function connectionMatches(c: ConnectionRecord, f: Filters): boolean {
  if (f.connection !== undefined && c.id !== f.connection) return false;
  if (f.grep) {
    const req = c.handshake?.request;
    const text = [
      endpointText(c.client),
      endpointText(c.server),
      req ? `${req.method} ${req.target}` : '',
      ...(req?.headers ?? []).map(([k, v]) => `${k}: ${v}`),
    ].join('\n');
    if (!f.grep(text)) return false;
  }
  return true;
}
