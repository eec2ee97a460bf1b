// The filter language's syntax and its errors: every message and column below is worked out by
// hand from the filter text (columns count from 1, as the examples do).
import { describe, expect, it } from 'vitest';
import { checkFilter, FilterError } from '../../../src/decoder/index.js';

function errorOf(source: string): { message: string; column: number } {
  try {
    checkFilter(source);
  } catch (error) {
    if (error instanceof FilterError) return { message: error.message, column: error.column };
    throw error;
  }
  throw new Error(`accepted: ${source}`);
}

describe('accepted syntax (Wireshark display-filter spellings)', () => {
  it.each([
    'websocket.opcode == 1',
    'websocket.opcode eq 1 and tcp.port ne 80',
    'websocket.opcode == text',
    'websocket.opcode == 0x1',
    'websocket.opcode in {1 2 8..10}',
    'websocket.opcode in {1, 2}',
    'websocket.opcode not in {9 10}',
    '!(websocket.mask == 1) || ws.direction == server',
    'not websocket.fin',
    'websocket.fin',
    'websocket.fin == true && websocket.mask == 0',
    'ws.message.text contains "err\\"or"',
    'ws.message.text matches "(?i)^hello"',
    'ws.message.text ~ "a.b"',
    'websocket.payload contains 68:65:6c',
    'websocket.masking_key == 37fa213d',
    'ip.addr == 10.0.0.0/8 or ipv6.addr == ::1',
    'ip.src == 127.0.0.1 && ipv6.dst == fe80::/10',
    'frame.time_relative >= 0.5 && frame.time_relative < 1e3',
    'http.request.uri == "/chat?room=1" && http.response.code == 101',
    'tcp.stream === 0 and tcp.port !== 1',
    '((ws.connection == 1))',
  ])('%s', (source) => {
    expect(() => checkFilter(source)).not.toThrow();
  });
});

describe('errors name the column and help', () => {
  it.each([
    // the issue's own example
    ['websocket.opcod == 1', 'unknown field "websocket.opcod" at 1; did you mean websocket.opcode?', 1],
    ['tcp.port == 80 && websocket.opcode ==', 'expected a value after "==" at 38', 38],
    [
      'Websocket.Opcode == 1',
      'unknown field "Websocket.Opcode" at 1; field names are lower case: did you mean websocket.opcode?',
      1,
    ],
    [
      'tcp.flags.syn == 1',
      'unknown field "tcp.flags.syn" at 1; tcp fields include tcp.port, tcp.srcport, tcp.dstport, tcp.stream (\'wsscope fields\' lists them)',
      1,
    ],
    ['', 'empty filter at 1', 1],
    ['(ws.connection == 1', 'expected ")" for the "(" of column 1, got the end at 20', 20],
    ['ws.connection == 1)', '")" without a matching "(" at 19', 19],
    ['ws.connection == 1 and', 'expected a test after "and" at 23', 23],
    [
      'ws.connection 1',
      'expected an operator (==, !=, <, >, contains, matches, in) after "ws.connection", got "1" at 15',
      15,
    ],
    [
      'websocket.opcode == banana',
      '"banana" is not a number or a name of websocket.opcode (continuation, text, binary, close, ping, pong) at 21',
      21,
    ],
    [
      'websocket.opcode contains "a"',
      '"contains" does not apply to websocket.opcode (a number; it applies to strings and bytes) at 18',
      18,
    ],
    ['websocket.fin > 0', '">" does not apply to websocket.fin (a boolean; use == or !=) at 15', 15],
    [
      'ip.addr == 10.0.0.300',
      '"10.0.0.300" is not an IPv4 address or block (10.0.0.0/8) (ip.addr is an IPv4 address or block (10.0.0.0/8)) at 12',
      12,
    ],
    ['ws.direction == sideways', '"sideways" is not a value of ws.direction (one of client, server) at 17', 17],
    ['ws.message.text matches "(unclosed"', 'invalid regular expression: /(unclosed/s: Unterminated group at 25', 25],
    ['ws.message.text == "open', 'string not closed (missing ") at 20', 20],
    ['ws.connection == 1 $', 'unexpected character "$" at 20', 20],
    ['websocket.opcode in {}', 'empty set "{}" at 21', 21],
    ['ws.message.text in {a..b}', 'a range needs a number field (ws.message.text is not) at 21', 21],
  ])('%s', (source, message, column) => {
    expect(errorOf(source)).toEqual({ message, column });
  });
});
