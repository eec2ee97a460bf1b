// The one ground-truth harness: every capture of a fixture folder, decoded whole, against the
// `.intent.json` its generator wrote (fixtures/shared/README.md; fixtures/README.md for the
// `expect` additions): every data message (opcode, length, sha256, time, in order), every control
// frame, every frame where the generator wrote exact frames, the handshake, and — where the
// generator wrote an `expect` block — the connections, findings, kind and lifecycle. Every
// expected value comes from the generator, never from wsscope.
import { describe, expect, it } from 'vitest';
import { CaptureSession, FINDINGS, type FindingCode } from '../../src/decoder/index.js';
import { pieces, type Split, sameUnderChunking } from './chunking.js';
import type { CaptureSessionOptions } from './intent.js';
import {
  type CaptureConnection,
  type CaptureIntent,
  cachedAnalyses,
  expectedRoundTrips,
  findConnection,
  hex,
  intentDataMessages,
  listCapturesIn,
  readCaptureIn,
  readIntentIn,
  sha256,
} from './intent.js';

export interface GroundTruthFolder {
  dir: string;
  /**
   * The ground truth lists only the control frames its generator sent: the peers' automatic
   * pongs come on top (python-websockets answers every ping), and where the generator wrote exact
   * frames without a control list, the frames are the control frames' ground truth.
   */
  sentControlOnly?: boolean;
  /**
   * Decoder bugs these captures found and that were reported: "capture > connection > test"
   * titles expected to fail until the decoder is fixed. it.fails turns red when the bug is fixed,
   * so the list cannot go stale silently.
   */
  knownBugs?: ReadonlySet<string>;
  /**
   * The decoder session for a capture of the folder (e.g. with TLS keys for its wss captures);
   * analyzeCapture/CaptureSession with no options when not given.
   */
  session?: (name: string) => CaptureSessionOptions | undefined;
}

/** A caught exception in the decoder is a bug, not a finding about the input (h11's rule). */
const INTERNAL_ERROR = 'decoder.internal-error';

const DIRS = { c2s: 'client', s2c: 'server' } as const;
type Dir = keyof typeof DIRS;

const isWarning = (code: string) => FINDINGS[code as FindingCode]?.severity !== 'note';

/** Declares the tests of every capture in the folder; returns the cached whole-file analyses for more. */
export function describeGroundTruth(folder: GroundTruthFolder) {
  const analysis = cachedAnalyses((name) => readCaptureIn(folder.dir, name), folder.session);
  for (const name of listCapturesIn(folder.dir)) {
    const intent = readIntentIn<CaptureIntent>(folder.dir, name);
    describe(name, () => {
      it('reads the capture without a fatal error', () => {
        expect(analysis(name).fatal).toBeNull();
      });

      it(`reports no ${INTERNAL_ERROR}`, () => {
        const bugs = analysis(name).findings.filter((f) => (f.code as string) === INTERNAL_ERROR);
        expect(bugs.map((f) => f.message)).toEqual([]);
      });

      it('shows every connection that was made, and no more', () => {
        expect(analysis(name).connections.length).toBe(intent.expect?.connections ?? intent.connections.length);
      });

      if (intent.expect) {
        it('reports the capture-level findings the generator caused, and no unexpected ones', () => {
          const capLevel = analysis(name).findings.filter((f) => f.connectionId === null);
          const codes = new Set(capLevel.map((f) => f.code));
          for (const code of intent.expect?.findings ?? []) expect(codes, `missing ${code}`).toContain(code);
          const ok = new Set([...(intent.expect?.findings ?? []), ...(intent.expect?.allowed ?? [])]);
          const extra = capLevel.filter((f) => isWarning(f.code) && !ok.has(f.code));
          expect(extra.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
        });
      }

      it('gives the same messages when fed in random chunks', () => {
        const bytes = readCaptureIn(folder.dir, name);
        const messages = (split: Split) => {
          const s = new CaptureSession(folder.session?.(name));
          const out: string[] = [];
          const take = () => {
            for (const ev of s.drain())
              if (ev.kind === 'message') out.push(`${ev.message.connectionId} ${sha256(ev.message.payload)}`);
          };
          for (const piece of pieces(bytes, split)) {
            s.push(piece);
            take();
          }
          s.end();
          take();
          return out;
        };
        // One random split per capture (the whole decoder's chunking is test/decoder/capture-session.test.ts's).
        const chunked = sameUnderChunking(messages, {
          size: bytes.length,
          byteByByteUpTo: 0,
          seeds: [bytes.length],
          maxPiece: 3000,
        });
        expect(chunked).toEqual(analysis(name).messages.map((m) => `${m.connectionId} ${sha256(m.payload)}`));
      });

      intent.connections.forEach((c, order) => {
        const label = `#${order + 1} ${c.client.join(':')} -> ${c.server.join(':')}${c.path ? ` ${c.path}` : ''}`;
        describe(label, () => describeConnection(folder, name, label, intent, c, analysis));
      });
    });
  }
  return analysis;
}

function describeConnection(
  folder: GroundTruthFolder,
  name: string,
  label: string,
  intent: CaptureIntent,
  c: CaptureConnection,
  analysis: ReturnType<typeof cachedAnalyses>,
): void {
  const path = `${name} > ${label}`;
  const check = (title: string, fn: () => void) =>
    (folder.knownBugs?.has(`${path} > ${title}`) ? it.fails : it)(title, fn);
  const connection = () => {
    const conn = findConnection(analysis(name), intent, c);
    if (conn) return conn;
    const seen = analysis(name).connections.map(
      (x) => `${x.client.address}:${x.client.port} -> ${x.server.address}:${x.server.port}`,
    );
    throw new Error(`no connection ${c.client.join(':')} -> ${c.server.join(':')}; have ${seen.join(', ')}`);
  };
  const ex = c.expect ?? {};

  for (const [dir, direction] of Object.entries(DIRS) as [Dir, 'client' | 'server'][]) {
    check(`every ${direction} data message matches what was sent, in order`, () => {
      const conn = connection();
      // Data opcodes, reserved ones included; an orphan continuation (opcode 0) is no message sent.
      const ours = analysis(name).messages.filter(
        (m) => m.connectionId === conn.id && m.direction === direction && m.opcode > 0 && m.opcode < 8,
      );
      const want = intentDataMessages(c, dir);
      expect(
        ours.map((m) => m.opcode),
        'opcodes',
      ).toEqual(want.map((m) => m.opcode));
      want.forEach((w, i) => {
        const m = ours[i];
        if (w.complete === false) {
          expect(m.complete, `message ${i} is incomplete`).toBe(false);
          return;
        }
        if (w.over_limit) {
          expect(m.findings, `message ${i} over the limit`).toContain('message.too-large');
          expect(m.payload.length).toBeLessThan(w.length);
          return;
        }
        if (!m.complete) {
          // The shared fixtures do not mark lost bytes: only their capture with lost bytes may.
          expect(name, `message ${i} complete`).toMatch(/lost/);
          return;
        }
        expect(m.payload.length, `message ${i} length`).toBe(w.length);
        if (w.sha256) expect(sha256(m.payload), `message ${i} sha256`).toBe(w.sha256);
        if (w.time !== undefined) expect(Math.abs(m.time - w.time), `message ${i} time`).toBeLessThan(2e-6);
      });
    });

    if (!(folder.sentControlOnly && c.frames && c.control.length === 0)) {
      check(`every ${direction} control frame matches what was sent, in order`, () => {
        const conn = connection();
        const ours = analysis(name).messages.filter(
          (m) => m.connectionId === conn.id && m.direction === direction && m.opcode >= 8,
        );
        const want = c.control.filter((x) => x.dir === dir);
        let j = 0;
        for (const m of ours) {
          const w = want[j];
          if (w && m.opcode === w.opcode && hex(m.payload) === w.hex) {
            if (w.close_code !== undefined) expect(m.close?.code).toBe(w.close_code);
            if (w.close_reason !== undefined) expect(m.close?.reason).toBe(w.close_reason);
            if (w.time !== undefined) expect(Math.abs(m.time - w.time), `control ${j} time`).toBeLessThan(2e-6);
            j++;
          } else if (folder.sentControlOnly) {
            // Not sent by the generator: only a peer's automatic pong, answering a ping, may be extra.
            expect(m.type, `unexpected ${m.type} ${hex(m.payload)}`).toBe('pong');
            expect(m.pingId, 'an automatic pong answers a ping').not.toBeNull();
          } else {
            expect.fail(
              `control frame ${j}: ${m.opcode} ${hex(m.payload)}, expected ${w ? `${w.opcode} ${w.hex}` : 'none'}`,
            );
          }
        }
        expect(j, 'all control frames sent were found').toBe(want.length);
      });
    }

    const frames = (c.frames ?? []).filter((f) => f.dir === dir);
    if (frames.length > 0) {
      check(`every ${direction} frame matches the exact frame written`, () => {
        const conn = connection();
        const ours = analysis(name)
          .frames.filter((f) => f.connectionId === conn.id && f.direction === direction)
          .map((f) => ({
            fin: f.fin,
            rsv: (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0),
            opcode: f.opcode,
            masked: f.masked,
            masking_key: f.maskingKey ? hex(f.maskingKey) : null,
            payload_length: f.payloadLength,
            // An incomplete frame's payload is only what was captured: its hash is not compared.
            sha256: f.complete ? sha256(f.payload) : 'incomplete',
          }));
        // Frames after one whose length cannot be trusted cannot be framed; compare up to it.
        const cut = frames.findIndex((f) => 'unparseable' in f);
        const want = (cut < 0 ? frames : frames.slice(0, cut)).map((f) => {
          if ('unparseable' in f) throw new Error('unreachable');
          return {
            fin: f.fin,
            rsv: f.rsv,
            opcode: f.opcode,
            masked: f.masked,
            masking_key: f.masking_key,
            payload_length: f.payload_length,
            sha256: f.complete === false ? 'incomplete' : f.sha256,
          };
        });
        if (ex.frames_match === 'suffix') expect(ours.slice(-want.length)).toEqual(want);
        else if (cut >= 0) expect(ours.slice(0, want.length)).toEqual(want);
        else expect(ours).toEqual(want);
      });
    }
  }

  const roundTrips = expectedRoundTrips(c);
  if (roundTrips.length > 0) {
    check('pairs every ping with its pong, with the round trip of the times sent', () => {
      const conn = connection();
      const pongs = analysis(name).messages.filter((m) => m.connectionId === conn.id && m.pingId !== null);
      expect(pongs.map((p) => `${p.direction} ${hex(p.payload)}`)).toEqual(roundTrips.map((r) => `${r.by} ${r.hex}`));
      pongs.forEach((p, i) => {
        expect(Math.abs((p.rtt ?? Number.NaN) - roundTrips[i].rtt), `pong ${i} rtt`).toBeLessThan(2e-6);
      });
    });
  }

  const accept = c.response_headers?.['Sec-WebSocket-Accept'];
  if (accept) {
    check('upgrades with the accept that was sent, verified, and the extensions agreed', () => {
      const conn = connection();
      expect(conn.kind).toBe('websocket');
      expect(conn.handshake?.accept.valid).toBe(true);
      expect(conn.handshake?.accept.received).toBe(accept);
      expect(conn.handshake?.extensions.map((e) => e.name)).toEqual(c.extensions ?? []);
    });
  }

  if (!c.expect) return;
  const findingsTitle = `reports ${ex.findings?.length ? ex.findings.join(', ') : 'no warnings or errors'}${ex.allowed ? ` (may add ${ex.allowed.join(', ')})` : ''}`;
  check(findingsTitle, () => {
    const conn = connection();
    const ours = analysis(name).findings.filter((f) => f.connectionId === conn.id);
    const codes = new Set(ours.map((f) => f.code));
    for (const code of ex.findings ?? []) expect(codes, `missing ${code}`).toContain(code);
    const ok = new Set([...(ex.findings ?? []), ...(ex.allowed ?? [])]);
    const extra = ours.filter((f) => isWarning(f.code) && !ok.has(f.code));
    expect(extra.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
  });

  if (ex.roles_guessed !== undefined || ex.syn_seen !== undefined) {
    check(`says whether the SYN was seen and the roles were ${ex.roles_guessed ? 'guessed' : 'seen'}`, () => {
      const conn = connection();
      if (ex.roles_guessed !== undefined) expect(conn.rolesGuessed).toBe(ex.roles_guessed);
      if (ex.syn_seen !== undefined) expect(conn.synSeen).toBe(ex.syn_seen);
    });
  }

  check('has the expected kind and lifecycle', () => {
    const conn = connection();
    if (ex.kind) expect(conn.kind).toBe(ex.kind);
    if (ex.lifecycle) expect(conn.lifecycle.map((l) => l.state)).toEqual(ex.lifecycle);
    if (ex.clean_close !== undefined) expect(conn.cleanClose).toBe(ex.clean_close);
    if (ex.closed_by !== undefined) expect(conn.closedBy).toBe(ex.closed_by);
    if (ex.http_exchanges !== undefined) expect(conn.httpExchanges.length, 'HTTP exchanges').toBe(ex.http_exchanges);
    if (c.extensions) expect(conn.handshake?.extensions.map((e) => e.name)).toEqual(c.extensions);
    if (ex.kind === 'websocket') {
      expect(conn.handshake?.upgraded).toBe(true);
      expect(conn.handshake?.accept.valid).toBe(true);
      if (c.path) expect(conn.handshake?.request?.target).toBe(c.path);
    }
  });
}
