// The built `wsscope` binary on the shared real captures, checked against each capture's
// intent.json: what the generating program actually sent (never against our own decoder).
//
// - messages --format ndjson: per connection and direction, data messages in order (opcode,
//   length, sha256 of the base64-decoded payload), then control messages (opcode, length,
//   payload, close code and reason).
// - frames --format ndjson: where the intent lists exact frames, every frame's FIN, RSV, opcode,
//   MASK, masking key, payload length and payload hash.
// - connections --format json: addresses, request target and headers, accept check.
// - findings --format ndjson: the violation each 07* capture was made to contain.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCli,
  DIR,
  type IntentConnection,
  ndjson,
  readIntent,
  runCli,
  SHARED,
  sha256,
  sha256OfBase64,
} from './helpers.js';

interface Msg {
  connection: number;
  direction: 'client' | 'server';
  time: number;
  opcode: number;
  type: string;
  length: number;
  frames: number;
  compressed: boolean;
  base64: string;
  text: string | null;
  close: { code: number | null; reason: string } | null;
  findings: string[];
  complete: boolean;
}
interface Frame {
  connection: number;
  direction: 'client' | 'server';
  time: number;
  fin: boolean;
  rsv: [boolean, boolean, boolean];
  opcode: number;
  masked: boolean;
  maskingKey: string | null;
  length: number;
  packets: number[];
  base64: string;
}
interface Conn {
  id: number;
  client: { address: string; port: number };
  server: { address: string; port: number };
  request: { method: string; target: string; headers: [string, string][] } | null;
  response: { status: number; reason: string; headers: [string, string][] } | null;
  accept: { expected: string | null; received: string | null; valid: boolean };
  upgraded: boolean;
  subprotocol: string | null;
  extensions: unknown[];
}

const CAPTURES = readdirSync(SHARED).filter((f) => /\.pcap(ng)?$/.test(f));
const CONTROL = new Set([8, 9, 10]);

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

async function json<T>(args: string[]): Promise<T> {
  const r = await runCli(bin, args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function lines<T>(args: string[]): Promise<T[]> {
  const r = await runCli(bin, args);
  expect(r.code, r.stderr).toBe(0);
  return ndjson<T>(r.stdout);
}

/** Our connection id for an intent connection, found by its client and server ports. */
function idOf(conns: Conn[], ic: IntentConnection): number {
  const c = conns.find(
    (x) =>
      x.client.address === ic.client[0] &&
      x.client.port === ic.client[1] &&
      x.server.address === ic.server[0] &&
      x.server.port === ic.server[1],
  );
  expect(c, `connection ${ic.client.join(':')} → ${ic.server.join(':')}`).toBeDefined();
  return c!.id;
}

describe.each(CAPTURES)('wsscope on %s', (capture) => {
  const intent = readIntent(capture);
  const path = join(SHARED, capture);

  it('lists the connections the generator opened, with their addresses', async () => {
    const conns = await json<Conn[]>(['connections', path, '--format', 'json']);
    for (const ic of intent.connections) idOf(conns, ic);
    expect(conns.length).toBe(intent.connections.length);
    for (const c of conns) {
      expect(typeof c.id).toBe('number');
      expect(c).toHaveProperty('accept.valid');
      expect(c).toHaveProperty('upgraded');
      expect(c).toHaveProperty('subprotocol');
      expect(Array.isArray(c.extensions)).toBe(true);
    }
  });

  const withMessages = intent.connections.filter((c) => c.messages.length + c.control.length > 0);
  it.runIf(withMessages.length > 0)('prints every message the generator sent, in order, byte for byte', async () => {
    const conns = await json<Conn[]>(['connections', path, '--format', 'json']);
    const msgs = await lines<Msg>(['messages', path, '--format', 'ndjson']);
    for (const m of msgs) {
      expect(typeof m.time).toBe('number');
      expect(m.time).toBeGreaterThan(1e9);
      expect(sha256OfBase64(m.base64).length).toBe(64);
      expect(Buffer.from(m.base64, 'base64').byteLength).toBe(m.length);
      expect(Array.isArray(m.findings)).toBe(true);
    }
    for (const ic of withMessages) {
      const id = idOf(conns, ic);
      for (const dir of ['c2s', 's2c'] as const) {
        const ours = msgs.filter((m) => m.connection === id && m.direction === DIR[dir]);
        const expected = ic.messages.filter((m) => m.dir === dir);
        const data = ours.filter((m) => !CONTROL.has(m.opcode));
        // A message with missing bytes (10e) cannot match its hash; it must say so instead.
        const got: unknown[] = [];
        const want: unknown[] = [];
        data.forEach((m, i) => {
          if (!m.complete) return;
          got.push({ opcode: m.opcode, length: m.length, sha256: sha256OfBase64(m.base64) });
          want.push(
            expected[i] && { opcode: expected[i].opcode, length: expected[i].length, sha256: expected[i].sha256 },
          );
        });
        expect(got, `${dir} data messages`).toEqual(want);
        expect(data.length, `${dir} data message count`).toBe(expected.length);
        if (!capture.startsWith('10e')) expect(data.every((m) => m.complete)).toBe(true);
        for (const m of data) if (m.opcode === 1 && m.complete) expect(typeof m.text).toBe('string');

        // control[] lists the control frames the generator sent on purpose; where exact frames
        // are listed they also hold the automatic replies (pongs), so they are the reference.
        const control = ours.filter((m) => CONTROL.has(m.opcode));
        const exact = ic.frames_dirs?.includes(dir) ? ic.frames!.filter((f) => f.dir === dir && f.opcode >= 8) : null;
        const expectedControl = exact
          ? exact.map((f) => ({ opcode: f.opcode, length: f.payload_length, sha256: f.sha256 }))
          : ic.control
              .filter((c) => c.dir === dir)
              .map((c) => ({ opcode: c.opcode, length: c.length, sha256: sha256(Buffer.from(c.hex, 'hex')) }));
        expect(
          control.map((m) => ({ opcode: m.opcode, length: m.length, sha256: sha256OfBase64(m.base64) })),
          `${dir} control messages`,
        ).toEqual(expectedControl);
        const closes = control.filter((m) => m.opcode === 8).map((m) => m.close);
        for (const c of ic.control.filter((x) => x.dir === dir && x.opcode === 8)) {
          expect(closes).toContainEqual({ code: c.close_code ?? null, reason: c.close_reason ?? '' });
        }
      }
    }
  });

  const withFrames = intent.connections.filter((c) => c.frames && c.frames_dirs);
  it.runIf(withFrames.length > 0)('prints every frame exactly as it was written on the wire', async () => {
    const conns = await json<Conn[]>(['connections', path, '--format', 'json']);
    const frames = await lines<Frame>(['frames', path, '--format', 'ndjson']);
    for (const f of frames) {
      expect(f.rsv).toHaveLength(3);
      expect(f.packets.length).toBeGreaterThan(0);
      expect(f.packets.every((p) => Number.isInteger(p) && p >= 1)).toBe(true);
    }
    for (const ic of withFrames) {
      const id = idOf(conns, ic);
      for (const dir of ic.frames_dirs!) {
        const ours = frames
          .filter((f) => f.connection === id && f.direction === DIR[dir])
          .map((f) => ({
            fin: f.fin,
            rsv: (f.rsv[0] ? 4 : 0) + (f.rsv[1] ? 2 : 0) + (f.rsv[2] ? 1 : 0),
            opcode: f.opcode,
            masked: f.masked,
            maskingKey: f.maskingKey,
            length: f.length,
            sha256: sha256OfBase64(f.base64),
          }));
        const expected = ic
          .frames!.filter((f) => f.dir === dir)
          .map((f) => ({
            fin: f.fin,
            rsv: f.rsv,
            opcode: f.opcode,
            masked: f.masked,
            maskingKey: f.masking_key,
            length: f.payload_length,
            sha256: f.sha256,
          }));
        expect(ours, `${dir} frames of connection ${id}`).toEqual(expected);
      }
    }
  });
});

describe('findings on the violation captures (RFC 6455)', () => {
  // What each capture was made to contain, from its description in fixtures/shared/README.md.
  const EXPECTED: Record<string, { code: string; count: number; rfc: string | null }> = {
    '07a_neg_wrong_accept_lib_client.pcap': { code: 'handshake.accept-mismatch', count: 1, rfc: '6455 §4.2.2' },
    '07c_neg_rejected_401_426.pcap': { code: 'handshake.rejected', count: 2, rfc: '6455 §4.2.2' },
    '07d_neg_unmasked_client_frame.pcap': { code: 'frame.client-unmasked', count: 1, rfc: '6455 §5.1' },
    '07f_neg_reserved_opcode.pcap': { code: 'frame.reserved-opcode', count: 2, rfc: '6455 §5.2' },
    '07h_neg_control_frame_too_long.pcap': { code: 'frame.control-too-long', count: 1, rfc: '6455 §5.5' },
    '07j_neg_invalid_utf8_text.pcap': { code: 'message.invalid-utf8', count: 1, rfc: '6455 §8.1' },
  };
  it.each(Object.entries(EXPECTED))('%s reports %o', async (capture, want) => {
    const found = await lines<{
      code: string;
      severity: string;
      rfc: string | null;
      connection: number | null;
      packet: number | null;
      message: string;
    }>(['findings', join(SHARED, capture), '--format', 'ndjson']);
    const hits = found.filter((f) => f.code === want.code);
    expect(hits.length, JSON.stringify(found.map((f) => f.code))).toBe(want.count);
    for (const f of hits) {
      expect(f.rfc).toBe(want.rfc);
      expect(['error', 'warning', 'note']).toContain(f.severity);
      expect(typeof f.connection).toBe('number');
      expect(f.message.length).toBeGreaterThan(5);
    }
    for (const f of found)
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['code', 'severity', 'rfc', 'connection', 'packet', 'message']),
      );
  });

  it('the clean captures have no error findings', async () => {
    for (const capture of [
      '01_pyws_text_echo.pcap',
      '02a_pyws_deflate_context_takeover.pcap',
      '09a_format_pcapng.pcapng',
    ]) {
      const found = await lines<{ code: string; severity: string }>(['findings', join(SHARED, capture)]);
      expect(
        found.filter((f) => f.severity === 'error'),
        capture,
      ).toEqual([]);
    }
  });
});

describe('connections --format json (RFC 6455 §4 handshake)', () => {
  it('gives the request in wire order and the accept check', async () => {
    const capture = '02a_pyws_deflate_context_takeover.pcap';
    const intent = readIntent(capture) as unknown as {
      connections: (IntentConnection & {
        path: string;
        request_headers: Record<string, string>;
        response_headers: Record<string, string>;
      })[];
    };
    const [c] = await json<Conn[]>(['connections', join(SHARED, capture), '--format', 'json']);
    const ic = intent.connections[0];
    expect(c.request?.method).toBe('GET');
    expect(c.request?.target).toBe(ic.path);
    for (const [name, value] of Object.entries(ic.request_headers))
      expect(c.request?.headers).toContainEqual([name, value]);
    for (const [name, value] of Object.entries(ic.response_headers))
      expect(c.response?.headers).toContainEqual([name, value]);
    expect(c.response?.status).toBe(101);
    expect(c.accept).toEqual({
      expected: ic.response_headers['Sec-WebSocket-Accept'],
      received: ic.response_headers['Sec-WebSocket-Accept'],
      valid: true,
    });
    expect(c.upgraded).toBe(true);
  });

  it('shows a wrong Sec-WebSocket-Accept as expected vs received', async () => {
    const [c] = await json<Conn[]>([
      'connections',
      join(SHARED, '07a_neg_wrong_accept_lib_client.pcap'),
      '--format',
      'json',
    ]);
    // 07a's server answers with the RFC's sample accept value whatever the key.
    expect(c.accept.received).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(c.accept.valid).toBe(false);
    expect(c.accept.expected).not.toBe(c.accept.received);
  });
});

describe('packet numbers and times agree with tshark (oracle.json)', () => {
  // Captures where tshark reads every frame correctly (its comparison with the intent is all_ok):
  // the packet that completes each frame and its timestamp must be the same in both tools.
  const AGREED = [
    '01_pyws_text_echo.pcap',
    '09a_format_pcapng.pcapng',
    '09c_format_linux_sll.pcap',
    '09e_format_bigendian.pcap',
    '10a_tcp_resegmented_mss1000.pcap',
  ];
  it.each(AGREED)('%s', async (capture) => {
    const oracle = JSON.parse(readFileSync(join(SHARED, `${capture}.oracle.json`), 'utf8')) as {
      comparison: { all_ok: boolean };
      websocket_frames: { frame: number; time_epoch: string; srcport: number; opcode: number }[];
    };
    expect(oracle.comparison.all_ok).toBe(true);
    const frames = await lines<Frame>(['frames', join(SHARED, capture), '--format', 'ndjson']);
    const conns = await json<Conn[]>(['connections', join(SHARED, capture), '--format', 'json']);
    const portOf = (f: Frame) => {
      const c = conns.find((x) => x.id === f.connection)!;
      return f.direction === 'client' ? c.client.port : c.server.port;
    };
    const ours = frames.map((f) => ({
      packet: f.packets.at(-1),
      time: f.time.toFixed(6),
      port: portOf(f),
      opcode: f.opcode,
    }));
    const theirs = oracle.websocket_frames.map((f) => ({
      packet: f.frame,
      time: Number(f.time_epoch).toFixed(6),
      port: f.srcport,
      opcode: f.opcode,
    }));
    expect(ours).toEqual(theirs);
  });
});
