// handshake, follow and stats on the shared captures, checked against intent.json and RFC 6455.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ndjson, readIntent, runCli, SHARED } from './helpers.js';

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

const ECHO = join(SHARED, '01_pyws_text_echo.pcap');
const DEFLATE = join(SHARED, '02a_pyws_deflate_context_takeover.pcap');

describe('handshake (RFC 6455 §4.2.2 accept computation)', () => {
  it('shows the key, key + GUID, SHA-1, base64 and the verdict, step by step', async () => {
    const r = await runCli(bin, ['handshake', DEFLATE]);
    expect(r.code).toBe(0);
    // Key and accept from the capture's intent.json; SHA-1 = base64-decoded accept, in hex.
    const key = 'KxfvFDKxLbo7fqBsH0/1WA==';
    const accept = 'FgKgrYCLbLRp8dxTiAWtpsI6bds=';
    expect(r.stdout).toContain(`1. key                ${key}`);
    expect(r.stdout).toContain(`2. key + GUID         ${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`);
    expect(r.stdout).toContain(`3. SHA-1 (hex)        ${Buffer.from(accept, 'base64').toString('hex')}`);
    expect(r.stdout).toContain(`4. base64 = expected  ${accept}`);
    expect(r.stdout).toContain(`received           ${accept}`);
    expect(r.stdout).toContain('5. verdict            ok');
    expect(r.stdout).toContain('GET /deflate HTTP/1.1');
    expect(r.stdout).toContain('HTTP/1.1 101 Switching Protocols');
    expect(r.stdout).toContain('permessage-deflate: client window 12 bits');
  });

  it('says MISMATCH for a wrong accept, and gives json on request', async () => {
    const path = join(SHARED, '07a_neg_wrong_accept_lib_client.pcap');
    const r = await runCli(bin, ['handshake', path]);
    expect(r.stdout).toMatch(/5\. verdict +MISMATCH: the server sent dGhlIHNhbXBsZSBub25jZQ==/);
    const j = await runCli(bin, ['handshake', path, '--format', 'json']);
    const [h] = JSON.parse(j.stdout) as { accept: { valid: boolean; received: string }; request: { raw: string } }[];
    expect(h.accept.valid).toBe(false);
    expect(h.request.raw).toMatch(/^GET \/badaccept HTTP\/1\.1\r\n/);
  });

  it('shows the rejected upgrades with their status', async () => {
    const r = await runCli(bin, ['handshake', join(SHARED, '07c_neg_rejected_401_426.pcap'), '-c', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HTTP/1.1 426 Upgrade Required');
    expect(r.stdout).toContain('Upgraded: no');
  });
});

describe('follow', () => {
  it('prints the conversation as a transcript, message by message', async () => {
    const r = await runCli(bin, ['follow', ECHO, '--connection', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Connection 1: 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ {2}GET \/\S* {2}101 Switching Protocols/,
    );
    expect(r.stdout).toMatch(/\] client → text \(5 B\): hello\n/);
    expect(r.stdout).toMatch(/\] server ← text \(5 B\): hello\n/);
    expect(r.stdout).toMatch(/\] client → close 1000 "normal bye"\n/);
    // A multi-line text is indented under its heading.
    expect(r.stdout).toMatch(/text \(23 B\):\n {15}line1\n {15}line2\\r\n {15}line3\\t tab\n/);
    expect(r.stdout).toContain('8 messages from the client, 8 from the server; closed by the client, cleanly');
  });

  it('picks the only connection when --connection is left out', async () => {
    const r = await runCli(bin, ['follow', ECHO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Connection 1:/);
  });

  it('shows binary payloads as a hex dump', async () => {
    const r = await runCli(bin, [
      'follow',
      join(SHARED, '04_fragments_ping_pong_close_codes.pcap'),
      '-c',
      '1',
      '-o',
      'ping',
    ]);
    // The first ping's payload from intent.json: "ping-in-between"
    expect(r.stdout).toContain('0000  70 69 6e 67 2d 69 6e 2d 62 65 74 77 65 65 6e     |ping-in-between|');
  });
});

describe('stats', () => {
  it('counts messages and payload bytes per direction as the generator sent them', async () => {
    const intent = readIntent('01_pyws_text_echo.pcap');
    const r = await runCli(bin, ['stats', ECHO, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      connections: {
        connection: number;
        messages: number;
        directions: Record<string, { messages: number; bytes: number; types: Record<string, { messages: number }> }>;
      }[];
      overall: { messages: number; connections: number };
    };
    const ic = intent.connections[0];
    for (const [dir, who] of [
      ['c2s', 'client'],
      ['s2c', 'server'],
    ] as const) {
      const sent = [...ic.messages, ...ic.control].filter((m) => m.dir === dir);
      const d = s.connections[0].directions[who];
      expect(d.messages).toBe(sent.length);
      expect(d.bytes).toBe(sent.reduce((n, m) => n + m.length, 0));
      expect(d.types.text.messages).toBe(ic.messages.filter((m) => m.dir === dir).length);
    }
    expect(s.overall.connections).toBe(1);
  });

  it('gives the compression ratio of permessage-deflate traffic', async () => {
    const r = await runCli(bin, ['stats', DEFLATE, '--format', 'ndjson']);
    const rows = ndjson<{ scope: string; compression: { ratio: number; bytes: number; wireBytes: number } | null }>(
      r.stdout,
    );
    const overall = rows.find((x) => x.scope === 'overall')!;
    expect(overall.compression).not.toBeNull();
    expect(overall.compression!.ratio).toBeCloseTo(overall.compression!.bytes / overall.compression!.wireBytes, 6);
    expect(overall.compression!.ratio).toBeGreaterThan(1);
  });

  it('reports ping/pong round trips', async () => {
    const r = await runCli(bin, ['stats', join(SHARED, '04_fragments_ping_pong_close_codes.pcap'), '--format', 'json']);
    const s = JSON.parse(r.stdout) as { overall: { pingPong: { count: number; min: number; max: number } | null } };
    expect(s.overall.pingPong?.count).toBeGreaterThanOrEqual(4);
    expect(s.overall.pingPong!.min).toBeGreaterThan(0);
  });

  it('prints a readable table', async () => {
    const r = await runCli(bin, ['stats', ECHO, '--format', 'table']);
    expect(r.stdout).toMatch(/^CONN {2}DIR {2}TYPE/);
    expect(r.stdout).toContain('Overall (1 connection): 16 messages');
  });
});

describe('connections filters', () => {
  it('--opcode keeps the connections that carry such frames', async () => {
    // 07f: connection 1 carries reserved opcode 0x3, connection 2 opcode 0xB (fixtures README).
    const r = await runCli(bin, ['connections', join(SHARED, '07f_neg_reserved_opcode.pcap'), '--opcode', '0xb']);
    expect(ndjson<{ id: number }>(r.stdout).map((c) => c.id)).toEqual([2]);
    const both = await runCli(bin, ['connections', join(SHARED, '07f_neg_reserved_opcode.pcap'), '--opcode', 'text']);
    expect(ndjson(both.stdout)).toHaveLength(2);
  });
});

describe('default format', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.runIf(hasScript)('is table on a terminal (run under script(1), which gives a pty)', () => {
    const r = spawnSync('script', ['-qc', `"${process.execPath}" "${bin}" messages "${ECHO}"`, '/dev/null'], {
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/^ {3}MSG {2}CONN {2}DIR/);
  });

  it('is ndjson in a pipe', async () => {
    const r = await runCli(bin, ['messages', ECHO]);
    expect(JSON.parse(r.stdout.split('\n')[0]).text).toBe('hello');
  });
});
