// The application layer on real loopback captures of real libraries (fixtures/app, recorded by
// fixtures/gen/app/record-app.mjs), against the ground truth their traffic scripts logged: which
// requests each side made and what its library reported back (ok, error, never answered), the
// latency the requesting library measured (the wire's must not exceed it), and the deliveries,
// notifications and messages each peer counted. Nothing expected here comes from wsscope.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AnalysisCollector,
  analyzeCapture,
  appPackets,
  type CaptureAnalysis,
  CaptureSession,
  type ConnectionRecord,
  type RequestRecord,
} from '../../../src/decoder/index.js';
import { pieces, randomSplit } from '../../helpers/chunking.js';

const DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'app');

interface TruthRequest {
  direction: 'client' | 'server';
  name: string;
  status: 'ok' | 'error' | 'pending';
  latencyMax: number | null;
  results?: number;
}
interface TruthConnection {
  protocol: string;
  order: number;
  clientPort?: number | null;
  requests: TruthRequest[];
  delivered?: { topic: string; qos: number; retain: boolean; length: number }[];
  received?: { destination: string; body: string }[];
  notifications?: string[];
}
interface Truth {
  capture: string;
  connections: TruthConnection[];
}

/** Requests the scripts do not log: heartbeats the libraries send on their own. */
const HEARTBEAT = new Set(['ping', 'PINGREQ']);
/** Slack for the wire's latency over the library's measurement (timestamp granularity). */
const SLACK = 0.001;

const captures = readdirSync(DIR).filter((f) => f.endsWith('.pcap'));
const analysis = new Map<string, CaptureAnalysis>();
function analyzed(name: string): CaptureAnalysis {
  let a = analysis.get(name);
  if (!a) {
    a = analyzeCapture(new Uint8Array(readFileSync(join(DIR, name))), { app: true });
    analysis.set(name, a);
  }
  return a;
}
const truthOf = (name: string): Truth => JSON.parse(readFileSync(join(DIR, `${name}.truth.json`), 'utf8'));

function connectionFor(a: CaptureAnalysis, t: TruthConnection): ConnectionRecord | undefined {
  const ws = a.connections.filter((c) => c.kind === 'websocket');
  return t.clientPort ? ws.find((c) => c.client.port === t.clientPort) : ws[t.order];
}

const key = (r: { direction: string; name: string | null; status: string }) => `${r.direction} ${r.name} ${r.status}`;

describe('application protocols on real captures, against the scripts’ ground truth', () => {
  it('there are captures to check', () => expect(captures.length).toBeGreaterThanOrEqual(6));

  for (const name of captures) {
    const truth = truthOf(name);
    describe(name, () => {
      for (const t of truth.connections) {
        const label = `connection ${t.order + 1} (${t.protocol})`;
        it(`${label}: the protocol is recognised`, () => {
          const c = connectionFor(analyzed(name), t);
          expect(c?.app?.protocol).toBe(t.protocol);
        });

        it(`${label}: every request the script made, with the status its library reported`, () => {
          const a = analyzed(name);
          const c = connectionFor(a, t);
          const mqttDeliveries = (r: RequestRecord) => t.protocol === 'mqtt' && r.direction === 'server';
          const ours = a.requests.filter(
            (r) => r.connectionId === c?.id && !HEARTBEAT.has(r.name ?? '') && !mqttDeliveries(r),
          );
          expect(ours.map(key).sort()).toEqual(t.requests.map(key).sort());
          // Matched in order per (direction, name): the wire's latency is within the library's.
          const left = new Map<string, RequestRecord[]>();
          for (const r of ours) left.set(key(r), [...(left.get(key(r)) ?? []), r]);
          for (const want of t.requests) {
            const got = left.get(key(want))?.shift();
            if (want.latencyMax === null || want.status === 'pending') continue;
            expect(got?.latency, `${key(want)}`).not.toBeNull();
            expect(got?.latency ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(want.latencyMax + SLACK);
            if (want.results !== undefined && t.protocol !== 'socket.io')
              // GraphQL: one answer per result, plus the complete or error that ends it.
              expect(got?.answers, `${key(want)} answers`).toBe(want.results + 1);
          }
        });
      }
    });
  }

  it('mqtt: every delivery the subscriber got is a server PUBLISH; QoS 1/2 ones are acknowledged requests', () => {
    const a = analyzed('mqtt.pcap');
    for (const t of truthOf('mqtt.pcap').connections) {
      const c = connectionFor(a, t);
      const publishes = a.messages
        .filter((m) => m.connectionId === c?.id && m.direction === 'server')
        .flatMap((m) => appPackets(m.app))
        .filter((p) => p.kind === 'PUBLISH');
      expect(publishes.map((p) => p.name).sort()).toEqual((t.delivered ?? []).map((d) => d.topic).sort());
      const acked = a.requests.filter((r) => r.connectionId === c?.id && r.direction === 'server');
      expect(acked.map((r) => `${r.name} ${r.status}`).sort()).toEqual(
        (t.delivered ?? [])
          .filter((d) => d.qos > 0)
          .map((d) => `${d.topic} ok`)
          .sort(),
      );
    }
  });

  it('mqtt: the 60 000-byte publish spans WebSocket messages and is decoded whole', () => {
    const a = analyzed('mqtt.pcap');
    const blob = a.messages.find(
      (m) => m.app?.kind === 'PUBLISH' && m.app.name === 'sensors/blob' && m.direction === 'client',
    );
    expect(blob).toBeDefined();
    expect(blob?.app?.data).toBe('A'.repeat(60_000));
    // MQTT.js wrote the fixed header and topic in messages of their own before the payload's.
    const before = a.messages.filter(
      (m) => m.connectionId === blob?.connectionId && m.direction === 'client' && m.id < (blob?.id ?? 0),
    );
    expect(before.at(-1)?.app?.kind).toBe('partial');
    expect(blob?.payload.length).toBe(60_000);
    // The versions as the CONNECTs declared them.
    const connects = a.messages
      .filter((m) => m.app?.kind === 'CONNECT')
      .map((m) => (m.app?.data as { level?: number } | undefined)?.level);
    expect(connects).toEqual([4, 5]);
  });

  it('stomp: the three MESSAGE frames the client received, bundled and split ones included', () => {
    const a = analyzed('stomp.pcap');
    const t = truthOf('stomp.pcap').connections[0];
    const bodies = a.messages
      .flatMap((m) => appPackets(m.app))
      .filter((p) => p.kind === 'MESSAGE')
      .map((p) => (p.data as { body: string }).body);
    expect(bodies).toEqual(t?.received?.map((r) => r.body));
  });

  it('json-rpc: the notifications sent (one inside the batch)', () => {
    const a = analyzed('jsonrpc.pcap');
    const t = truthOf('jsonrpc.pcap').connections[0];
    const notes = a.messages
      .flatMap((m) => appPackets(m.app))
      .filter((p) => p.kind === 'notification')
      .map((p) => p.name);
    expect(notes).toEqual(t?.notifications);
  });

  it('spec-protocols: the one broken JSON-RPC message is app.malformed at the byte the generator cut it', () => {
    const a = analyzed('spec-protocols.pcap');
    const want = (truthOf('spec-protocols.pcap') as Truth & { malformed: { clientPort: number; offset: number }[] })
      .malformed;
    const got = a.findings
      .filter((f) => f.code === 'app.malformed')
      .map((f) => ({
        clientPort: a.connections.find((c) => c.id === f.connectionId)?.client.port,
        offset: Number(/at byte (\d+)/.exec(f.message)?.[1]),
      }));
    expect(got).toEqual(want);
    // tshark -r spec-protocols.pcap: record 254 is the client's 38-byte segment (a 6-byte masked
    // frame header and the 32 bytes) at 1764000000.508024.
    expect(a.findings.find((f) => f.code === 'app.malformed')?.packet).toBe(254);
    // …and it counts among its connection's findings (the list's badge).
    const c9 = a.connections.find((c) => c.client.port === want[0]?.clientPort);
    expect(c9?.findingCount).toBe(a.findings.filter((f) => f.connectionId === c9?.id).length);
  });

  it('no app.malformed and no internal error on the library captures', () => {
    for (const name of captures.filter((c) => c !== 'spec-protocols.pcap')) {
      const codes = analyzed(name).findings.map((f) => f.code);
      expect(codes, name).not.toContain('app.malformed');
      expect(codes, name).not.toContain('decoder.internal-error');
    }
  });

  it('plain WebSocket fixtures (no application protocol in their intents) get none and no app.malformed', () => {
    // fixtures/captures and fixtures/shared carry chat text, JSON such as {"type":"subscribe",
    // "topics":[…]}, and binary payloads: none is any of the protocols here.
    const root = join(import.meta.dirname, '..', '..', '..', 'fixtures');
    for (const dir of ['captures', 'shared']) {
      for (const f of readdirSync(join(root, dir)).filter((x) => /\.pcap(ng)?$/.test(x))) {
        const a = analyzeCapture(new Uint8Array(readFileSync(join(root, dir, f))), { app: true });
        expect(a.connections.filter((c) => c.app).map((c) => `${f} ${c.id} ${c.app?.protocol}`)).toEqual([]);
        expect(a.findings.filter((x) => x.code === 'app.malformed')).toEqual([]);
      }
    }
  });

  it('chunk boundaries do not change the application records (mqtt and stomp)', () => {
    for (const name of ['mqtt.pcap', 'stomp.pcap']) {
      const bytes = new Uint8Array(readFileSync(join(DIR, name)));
      const view = (x: CaptureAnalysis) => ({
        apps: x.messages.map((m) => m.app ?? null),
        requests: x.requests,
      });
      const s = new CaptureSession({ app: true });
      const c = new AnalysisCollector();
      for (const piece of pieces(bytes, randomSplit(name.length * 31, 3000))) {
        s.push(piece);
        c.add(s.drain());
      }
      s.end();
      c.add(s.drain());
      expect(view(c.finish())).toEqual(view(analyzed(name)));
    }
  });
});
