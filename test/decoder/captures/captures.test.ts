// End-to-end: every capture in fixtures/captures/ (real loopback recordings and generated
// captures, fixtures/README.md), decoded whole, against the ground truth its generator wrote:
// every data message (opcode, direction, length, sha256, time, in order), every control frame,
// every frame where the generator wrote exact frames, the findings each case exists to show,
// and the connection's kind and lifecycle.
import { describe, expect, it } from 'vitest';
import { CaptureSession, type ConnectionRecord, FINDINGS, type FindingCode } from '../../../src/decoder/index.js';
import { cachedAnalyses, hex, sha256 } from '../../helpers/intent.js';
import {
  type CaptureConnection,
  type CaptureIntent,
  findConnection,
  listCaptures,
  readCapture,
  readCaptureIntent,
} from './capture-intent.js';

const DIRS = { c2s: 'client', s2c: 'server' } as const;
type Dir = keyof typeof DIRS;

const analysis = cachedAnalyses(readCapture);

function connectionOf(name: string, intent: CaptureIntent, c: CaptureConnection): ConnectionRecord {
  const conn = findConnection(analysis(name), intent, c);
  if (!conn) {
    const seen = analysis(name).connections.map(
      (x) => `${x.client.address}:${x.client.port} -> ${x.server.address}:${x.server.port}`,
    );
    throw new Error(`no connection ${c.client.join(':')} -> ${c.server.join(':')}; have ${seen.join(', ')}`);
  }
  return conn;
}

// Decoder bugs found by these captures and reported to the lead (see the report in git log):
// "capture > connection > test" titles that are expected to fail until the decoder is fixed.
// it.fails turns red when the bug is fixed, so this list cannot go stale silently.
const KNOWN_BUGS = new Set<string>([]);

/** `it`, or `it.fails` for a reported decoder bug. */
function check(path: string, title: string, fn: () => void): void {
  (KNOWN_BUGS.has(`${path} > ${title}`) ? it.fails : it)(title, fn);
}

const isWarning = (code: string) => FINDINGS[code as FindingCode]?.severity !== 'note';

for (const name of listCaptures()) {
  const intent = readCaptureIntent(name);
  describe(name, () => {
    it('reads the capture without a fatal error', () => {
      expect(analysis(name).fatal).toBeNull();
    });

    it('shows every connection that was made, and no more', () => {
      const want = intent.expect?.connections ?? intent.connections.length;
      expect(analysis(name).connections.length).toBe(want);
    });

    it('reports the capture-level findings the generator caused, and no unexpected ones', () => {
      const capLevel = analysis(name).findings.filter((f) => f.connectionId === null);
      const codes = new Set(capLevel.map((f) => f.code));
      for (const code of intent.expect?.findings ?? []) expect(codes, `missing ${code}`).toContain(code);
      const ok = new Set([...(intent.expect?.findings ?? []), ...(intent.expect?.allowed ?? [])]);
      const extra = capLevel.filter((f) => isWarning(f.code) && !ok.has(f.code));
      expect(extra.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
    });

    intent.connections.forEach((c, order) => {
      const label = `#${order + 1} ${c.client.join(':')} -> ${c.server.join(':')}${c.path ? ` ${c.path}` : ''}`;
      const ex = c.expect ?? {};
      const path = `${name} > ${label}`;
      describe(label, () => {
        for (const [dir, direction] of Object.entries(DIRS) as [Dir, 'client' | 'server'][]) {
          check(path, `every ${direction} data message matches what was sent, in order`, () => {
            const a = analysis(name);
            const conn = connectionOf(name, intent, c);
            const ours = a.messages.filter(
              (m) => m.connectionId === conn.id && m.direction === direction && (m.opcode === 1 || m.opcode === 2),
            );
            const want = c.messages.filter((m) => m.dir === dir);
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
              expect(m.complete, `message ${i} complete`).toBe(true);
              expect(m.payload.length, `message ${i} length`).toBe(w.length);
              expect(sha256(m.payload), `message ${i} sha256`).toBe(w.sha256);
              if (w.time !== undefined) expect(Math.abs(m.time - w.time), `message ${i} time`).toBeLessThan(2e-6);
            });
          });

          check(path, `every ${direction} control frame matches what was sent, in order`, () => {
            const a = analysis(name);
            const conn = connectionOf(name, intent, c);
            const ours = a.messages.filter(
              (m) => m.connectionId === conn.id && m.direction === direction && m.opcode >= 8,
            );
            const want = c.control.filter((x) => x.dir === dir);
            expect(ours.map((m) => `${m.opcode} ${hex(m.payload)}`)).toEqual(want.map((x) => `${x.opcode} ${x.hex}`));
            want.forEach((w, i) => {
              if (w.close_code !== undefined) expect(ours[i].close?.code).toBe(w.close_code);
              if (w.close_reason !== undefined) expect(ours[i].close?.reason).toBe(w.close_reason);
              if (w.time !== undefined) expect(Math.abs(ours[i].time - w.time)).toBeLessThan(2e-6);
            });
          });

          const frames = (c.frames ?? []).filter((f) => f.dir === dir);
          if (frames.length > 0) {
            check(path, `every ${direction} frame matches the exact frame written`, () => {
              const a = analysis(name);
              const conn = connectionOf(name, intent, c);
              const ours = a.frames
                .filter((f) => f.connectionId === conn.id && f.direction === direction)
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

        check(
          path,
          `reports ${ex.findings?.length ? ex.findings.join(', ') : 'no warnings or errors'}${ex.allowed ? ` (may add ${ex.allowed.join(', ')})` : ''}`,
          () => {
            const a = analysis(name);
            const conn = connectionOf(name, intent, c);
            const ours = a.findings.filter((f) => f.connectionId === conn.id);
            const codes = new Set(ours.map((f) => f.code));
            for (const code of ex.findings ?? []) expect(codes, `missing ${code}`).toContain(code);
            const ok = new Set([...(ex.findings ?? []), ...(ex.allowed ?? [])]);
            const extra = ours.filter((f) => isWarning(f.code) && !ok.has(f.code));
            expect(extra.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
          },
        );

        if (ex.roles_guessed !== undefined || ex.syn_seen !== undefined) {
          check(
            path,
            `says whether the SYN was seen and the roles were ${ex.roles_guessed ? 'guessed' : 'seen'}`,
            () => {
              const conn = connectionOf(name, intent, c);
              if (ex.roles_guessed !== undefined) expect(conn.rolesGuessed).toBe(ex.roles_guessed);
              if (ex.syn_seen !== undefined) expect(conn.synSeen).toBe(ex.syn_seen);
            },
          );
        }

        check(path, 'has the expected kind and lifecycle', () => {
          const conn = connectionOf(name, intent, c);
          if (ex.kind) expect(conn.kind).toBe(ex.kind);
          if (ex.lifecycle) expect(conn.lifecycle.map((l) => l.state)).toEqual(ex.lifecycle);
          if (ex.clean_close !== undefined) expect(conn.cleanClose).toBe(ex.clean_close);
          if (ex.closed_by !== undefined) expect(conn.closedBy).toBe(ex.closed_by);
          if (ex.http_exchanges !== undefined)
            expect(conn.httpExchanges.length, 'HTTP exchanges').toBe(ex.http_exchanges);
          if (c.extensions) expect(conn.handshake?.extensions.map((e) => e.name)).toEqual(c.extensions);
          if (ex.kind === 'websocket') {
            expect(conn.handshake?.upgraded).toBe(true);
            expect(conn.handshake?.accept.valid).toBe(true);
            if (c.path) expect(conn.handshake?.request?.target).toBe(c.path);
          }
        });
      });
    });

    it('gives the same messages when fed in random chunks', () => {
      const bytes = readCapture(name);
      const s = new CaptureSession();
      let seed = bytes.length;
      const messages: string[] = [];
      const take = () => {
        for (const ev of s.drain())
          if (ev.kind === 'message') messages.push(`${ev.message.connectionId} ${sha256(ev.message.payload)}`);
      };
      for (let at = 0; at < bytes.length; ) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const n = 1 + (seed % 3000);
        s.push(bytes.subarray(at, at + n));
        take();
        at += n;
      }
      s.end();
      take();
      expect(messages).toEqual(analysis(name).messages.map((m) => `${m.connectionId} ${sha256(m.payload)}`));
    });
  });
}
