// Terminal spoofing (issue 15, point 7): C1 controls (U+009B is an 8-bit CSI), bidi embeddings,
// overrides and isolates from a capture, and escape sequences in a file name, never reach the
// terminal raw in text output: messages (table), follow, handshake, stderr, and JSON (as \u escapes).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/cells.js';
import { text } from '../helpers/frame-writer.js';
import { clientFrame, switchingProtocols, upgradeRequest, wsCapture } from '../helpers/ws-capture.js';
import { buildCli, runCli } from './helpers.js';

/** Every character that must not reach a terminal raw. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'a\u009b31mb\u202egnp.exe\u2066c\u2069d\u001b[2J\u0085e';

let bin: string;
let dir: string;
let capture: string;
beforeAll(() => {
  bin = buildCli();
  dir = mkdtempSync(join(tmpdir(), 'wsscope-spoof-'));
  capture = join(dir, 'hostile.pcap');
  writeFileSync(
    capture,
    wsCapture(
      (c) => {
        c.send('client', clientFrame({ opcode: 1, payload: text(HOSTILE) }));
        c.send('client', clientFrame({ opcode: 8, payload: new Uint8Array([0x03, 0xe8, ...text('bye\u202eevil')]) }));
      },
      {
        request: upgradeRequest(`X-Note: ${'\u009b'}1m\r\n`),
        response: switchingProtocols('Sec-WebSocket-Protocol: chat\u202eevil\r\n'),
      },
    ),
  );
});

describe('control characters from a capture are shown escaped', () => {
  it('printable escapes C0, C1 and bidi controls visibly', () => {
    expect(printable(HOSTILE)).toBe('a\\x9b31mb\\u202egnp.exe\\u2066c\\u2069d\\x1b[2J\\x85e');
    expect(printable('plain ascii, ünïcödé and 日本')).toBe('plain ascii, ünïcödé and 日本');
  });

  for (const args of [
    ['messages', '--format', 'table'],
    ['follow', '-c', '1'],
    ['handshake', '-c', '1'],
  ]) {
    it(args[0] as string, async () => {
      const r = await runCli(bin, [...args, capture, '--no-progress']);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toMatch(/\\x9b|\\u202e/);
    });
  }

  for (const command of ['messages', 'connections', 'frames']) {
    it(`${command} --format ndjson: the same JSON values, with the controls as \\u escapes`, async () => {
      const r = await runCli(bin, [command, capture, '--format', 'ndjson', '--no-progress']);
      expect(r.code).toBe(0);
      // C0 controls are escaped by JSON itself; C1 and bidi controls are valid raw in JSON text.
      expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
      const values = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      if (command === 'messages') expect(values[0]?.text).toBe(HOSTILE);
      // Header values are read as ISO-8859-1 (RFC 9110 §5.5): U+202E's bytes arrive as â, U+0080, ®.
      if (command === 'connections') expect(r.stdout).toContain('chatâ\\u0080®evil');
    });
  }

  it('a file name with an escape sequence is escaped on stderr', async () => {
    const name = join(dir, 'x\u001b]0;pwned\u0007\u202e.pcap');
    writeFileSync(name, 'not a capture at all');
    const r = await runCli(bin, ['messages', name]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('x\\x1b]0;pwned\\x07\\u202e.pcap');
  });
});
