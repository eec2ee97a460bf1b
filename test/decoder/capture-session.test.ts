// The whole decoder as callers use it: chunking invariance, streaming, robustness.
import { describe, expect, it } from 'vitest';
import {
  AnalysisCollector,
  analyzeCapture,
  buildFrameFields,
  type CaptureAnalysis,
  CaptureSession,
  type ConnectionRecord,
  isFindingCode,
  PUSH_STEP,
} from '../../src/decoder/index.js';
import { byteByByte, chunking, pieces, type Split, sameUnderChunking } from '../helpers/chunking.js';
import { listFixtures, readFixture, sha256 } from '../helpers/intent.js';
import { mulberry32 as rng } from '../helpers/rng.js';
import { readCapture } from './captures/capture-intent.js';

function analyzeInChunks(bytes: Uint8Array, split: Split): CaptureAnalysis {
  const s = new CaptureSession();
  const c = new AnalysisCollector();
  // pieces() hands fresh copies: the session must not keep views of caller buffers it was not given to own.
  for (const piece of pieces(bytes, split)) {
    s.push(piece);
    c.add(s.drain());
  }
  s.end();
  c.add(s.drain());
  return c.finish();
}

/** What must not depend on chunking: records and findings (event interleaving may). */
function comparable(a: CaptureAnalysis) {
  return {
    fatal: a.fatal,
    info: a.info,
    connections: a.connections,
    // Payloads by digest: deep-comparing megabyte arrays element by element is needlessly slow.
    frames: a.frames.map((f) => ({ ...f, payload: sha256(f.payload) })),
    messages: a.messages.map((m) => ({ ...m, payload: sha256(m.payload) })),
    findings: a.findings.map((f) => `${f.code}|${f.packet}|${f.connectionId}|${f.message}`).sort(),
  };
}

const SMALL = listFixtures().filter((f) => !f.startsWith('05_'));

describe('chunk boundaries never change the result', () => {
  for (const name of SMALL) {
    it(`${name}: random chunk sizes give the same analysis as the whole file`, () => {
      const bytes = readFixture(name);
      sameUnderChunking((split) => analyzeInChunks(bytes, split), {
        view: comparable,
        seeds: [name.length * 7919],
        maxPiece: 700,
        byteByByteUpTo: 0, // one fixture byte by byte is enough (below); each takes seconds
      });
    });
  }
  it('01: one byte at a time gives the same analysis as the whole file', () => {
    const bytes = readFixture('01_pyws_text_echo.pcap');
    expect(comparable(analyzeInChunks(bytes, byteByByte))).toEqual(comparable(analyzeCapture(bytes)));
  });
  it('05 (2.3 MB): 64 KiB chunks give the same analysis as the whole file', () => {
    const bytes = readFixture('05_pyws_large_binary.pcap');
    expect(
      comparable(
        analyzeInChunks(
          bytes,
          chunking(() => 65536),
        ),
      ),
    ).toEqual(comparable(analyzeCapture(bytes)));
  });
});

describe('pushAndDrain', () => {
  it('feeds a large chunk in 64 KiB steps, draining after each, with the same analysis as push', () => {
    const bytes = readFixture('05_pyws_large_binary.pcap');
    const s = new CaptureSession();
    const c = new AnalysisCollector();
    let steps = 0;
    s.pushAndDrain(bytes, (events) => {
      steps++;
      c.add(events);
    });
    s.end();
    c.add(s.drain());
    expect(steps).toBe(Math.ceil(bytes.length / PUSH_STEP));
    expect(comparable(c.finish())).toEqual(comparable(analyzeCapture(bytes)));
  });
});

describe('results arrive before the input ends (live capture)', () => {
  it('messages of completed packets are drained before end()', () => {
    const bytes = readFixture('01_pyws_text_echo.pcap');
    const s = new CaptureSession();
    s.push(bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const early = s.drain().filter((e) => e.kind === 'message');
    expect(early.length).toBeGreaterThan(5);
  });
});

describe('frame fields on demand', () => {
  it('frameFields: false leaves fields empty, and buildFrameFields rebuilds exactly the eager ones', () => {
    const bytes = readFixture('04_fragments_ping_pong_close_codes.pcap');
    const eager = analyzeCapture(bytes);
    const lazy = analyzeCapture(bytes, { frameFields: false });
    expect(lazy.frames.length).toBe(eager.frames.length);
    expect(eager.frames.length).toBeGreaterThan(10);
    lazy.frames.forEach((f, i) => {
      expect(f.fields).toEqual([]);
      expect(buildFrameFields(f.header, f.payloadLength)).toEqual(eager.frames[i]?.fields);
      expect({ ...f, fields: null }).toEqual({ ...eager.frames[i], fields: null });
    });
  });
});

describe('connection snapshots while streaming', () => {
  it('a state change is snapshotted at once, counters only now and then, and the last snapshot is whole', () => {
    const bytes = readFixture('05_pyws_large_binary.pcap');
    const s = new CaptureSession();
    let pushes = 0;
    let snapshots = 0;
    // Snapshots come after a push's frames, so: OPEN by the end of the drain with the first frame.
    let openByFirstFrameDrain: boolean | null = null;
    let openSeen = false;
    let last: ConnectionRecord | null = null;
    for (let i = 0; i < bytes.length; i += 4096) {
      s.push(bytes.subarray(i, i + 4096));
      pushes++;
      const events = s.drain();
      for (const ev of events) {
        if (ev.kind !== 'connection') continue;
        snapshots++;
        last = ev.connection;
        if (ev.connection.lifecycle.some((l) => l.state === 'OPEN')) openSeen = true;
      }
      if (openByFirstFrameDrain === null && events.some((e) => e.kind === 'frame')) openByFirstFrameDrain = openSeen;
    }
    s.end();
    for (const ev of s.drain()) if (ev.kind === 'connection') last = ev.connection;
    expect(openByFirstFrameDrain).toBe(true);
    // 2.3 MB in 4 KiB pushes: ~570 pushes, but counters are flushed per MiB or 0.5 s of capture time.
    expect(pushes).toBeGreaterThan(500);
    expect(snapshots).toBeLessThan(pushes / 4);
    const whole = analyzeCapture(bytes).connections[0];
    expect(last).toEqual(whole);
  });
});

describe('counters on demand', () => {
  it('flushCounters() brings every connection snapshot up to the frames decoded so far', () => {
    const bytes = readFixture('01_pyws_text_echo.pcap');
    const s = new CaptureSession();
    const framesSeen = new Map<number, number>();
    let last: ConnectionRecord | null = null;
    const take = () => {
      for (const ev of s.drain()) {
        if (ev.kind === 'frame')
          framesSeen.set(ev.frame.connectionId, (framesSeen.get(ev.frame.connectionId) ?? 0) + 1);
        if (ev.kind === 'connection') last = ev.connection;
      }
    };
    // Part of the capture, in small pushes, as a live capture arrives.
    for (let i = 0; i < Math.floor(bytes.length * 0.8); i += 300) {
      s.push(bytes.subarray(i, Math.min(i + 300, Math.floor(bytes.length * 0.8))));
      take();
    }
    s.flushCounters();
    take();
    const c = last as ConnectionRecord | null;
    expect(c).not.toBeNull();
    expect(framesSeen.get(c?.id ?? -1)).toBeGreaterThan(5);
    expect((c?.stats.client.frames ?? 0) + (c?.stats.server.frames ?? 0)).toBe(framesSeen.get(c?.id ?? -1));
  });
});

describe('damaged and hostile input', () => {
  it('a capture cut mid-record keeps everything before the cut and reports the damage', () => {
    const bytes = readFixture('01_pyws_text_echo.pcap');
    const whole = analyzeCapture(bytes);
    const cut = analyzeCapture(bytes.subarray(0, bytes.length - 40));
    expect(cut.fatal).toBeNull();
    expect(cut.findings.map((f) => f.code)).toContain('capture.damaged');
    expect(cut.messages.length).toBeGreaterThanOrEqual(whole.messages.length - 2);
  });
  it('non-capture input is a fatal one-line error, not an exception', () => {
    for (const text of ['hello world, this is not a capture\n', '']) {
      const a = analyzeCapture(new TextEncoder().encode(text));
      expect(a.fatal).toMatch(/\S/);
      expect(a.fatal).not.toMatch(/\n/);
    }
  });
  it('thousands of corrupted and truncated fixtures never throw, hang, invent codes or hit a decoder bug', () => {
    const r = rng(42);
    const started = Date.now();
    let runs = 0;
    // The shared fixtures, plus the capture whose TCP travels in IP fragments (reassembly state).
    const originals = [...SMALL.map(readFixture), readCapture('j_ip_fragments.pcap')];
    for (const original of originals) {
      for (let k = 0; k < 120; k++) {
        const bytes = original.slice(0, 24 + Math.floor(r() * original.length));
        const flips = 1 + Math.floor(r() * 12);
        for (let j = 0; j < flips; j++) {
          // Avoid the file header most of the time so the damage lands in records and payloads.
          const at = r() < 0.1 ? Math.floor(r() * bytes.length) : 24 + Math.floor(r() * Math.max(1, bytes.length - 24));
          if (at < bytes.length) bytes[at] = Math.floor(r() * 256);
        }
        const a = analyzeCapture(bytes);
        for (const f of a.findings) expect(isFindingCode(f.code), f.code).toBe(true);
        // Bad input is a finding; an exception caught inside the decoder is a bug (h11's rule).
        const bugs = a.findings.filter((f) => f.code === 'decoder.internal-error').map((f) => f.message);
        expect(bugs).toEqual([]);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(1500);
    expect(Date.now() - started).toBeLessThan(120_000);
  });
});
