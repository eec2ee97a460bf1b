// The connection end verdict (src/decoder/connection/end.ts), checked against ground truth: the
// close frames the traffic generators logged (fixtures/captures and fixtures/shared intent files),
// their written outcomes (07c: 401 and 426), and hand-built TCP conversations whose every packet
// the test writes (a SYN answered by RST, a server that goes away with 1001 after 30 s idle, a
// capture that stops while the connection is open, pings never answered).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, type ConnectionRecord } from '../../../src/decoder/index.js';
import { frame, text } from '../../helpers/frame-writer.js';
import {
  type CaptureIntent,
  cachedAnalyses,
  findConnection,
  readCaptureIn,
  readIntentIn,
  SHARED_FIXTURES,
} from '../../helpers/intent.js';
import { TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import {
  CLIENT,
  clientFrame,
  SERVER,
  switchingProtocols,
  upgradeRequest,
  wsCapture,
} from '../../helpers/ws-capture.js';

const CAPTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'captures');

function intentsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.intent.json'))
    .map((f) => f.slice(0, -'.intent.json'.length));
}

const closeBody = (code: number, reason = ''): Uint8Array => {
  const r = text(reason);
  const b = new Uint8Array(2 + r.length);
  b[0] = code >> 8;
  b[1] = code & 0xff;
  b.set(r, 2);
  return b;
};

function only(bytes: Uint8Array): ConnectionRecord {
  const a = analyzeCapture(bytes);
  expect(a.connections).toHaveLength(1);
  return a.connections[0] as ConnectionRecord;
}

describe('end verdict against the generators’ close frames', () => {
  for (const dir of [CAPTURES, SHARED_FIXTURES]) {
    const analysis = cachedAnalyses((name) => readCaptureIn(dir, name));
    for (const name of intentsIn(dir)) {
      const intent = readIntentIn<CaptureIntent>(dir, name);
      const withCloses = intent.connections.filter((c) => (c.control ?? []).some((x) => x.opcode === 8));
      if (withCloses.length === 0) continue;
      it(`${name}: initiator, first code, browser code and wasClean follow the close frames sent`, () => {
        const a = analysis(name);
        for (const c of withCloses) {
          const ours = findConnection(a, intent, c);
          expect(ours, `${name} ${c.client.join(':')}`).toBeDefined();
          const closes = c.control.filter((x) => x.opcode === 8);
          // Control entries are in send order; with times, the earliest close is the first.
          const sorted = closes.some((x) => x.time === undefined)
            ? closes
            : [...closes].sort((x, y) => (x.time ?? 0) - (y.time ?? 0));
          const first = sorted[0];
          const fromServer = closes.find((x) => x.dir === 's2c');
          const both = closes.some((x) => x.dir === 'c2s') && fromServer !== undefined;
          const end = ours?.end;
          expect(end?.initiator).toBe(first?.dir === 'c2s' ? 'client' : 'server');
          expect(end?.how).toBe(both ? 'close-handshake' : 'close-one-sided');
          expect(end?.code).toBe(first?.close_code ?? null);
          expect(end?.browserCode).toBe(fromServer ? (fromServer.close_code ?? 1005) : 1006);
          expect(end?.wasClean).toBe(both);
          expect(end?.verdict).toContain(`the ${end?.initiator} closed with`);
        }
      });
    }
  }

  it('i_violations connection 12: the client’s RST without a close frame (browser 1006)', () => {
    const intent = readIntentIn<CaptureIntent>(CAPTURES, 'i_violations.pcap');
    const c = intent.connections[11];
    expect(c?.violation).toContain('RST');
    const ours = c && findConnection(analyzeCapture(readCaptureIn(CAPTURES, 'i_violations.pcap')), intent, c);
    expect(ours?.end).toMatchObject({ how: 'tcp-rst', initiator: 'client', browserCode: 1006, wasClean: false });
  });
});

describe('end verdict: refused, rejected, handshake failed', () => {
  it('07c: the 401 and the 426 are rejections at HTTP with their status (client_outcomes)', () => {
    const a = analyzeCapture(readCaptureIn(SHARED_FIXTURES, '07c_neg_rejected_401_426.pcap'));
    const ends = a.connections.map((c) => c.end);
    expect(ends.map((e) => [e?.how, e?.code, e?.reason, e?.browserCode])).toEqual([
      ['rejected', 401, 'Unauthorized', 1006],
      ['rejected', 426, 'Upgrade Required', 1006],
    ]);
    expect(ends[0]?.verdict).toBe(
      'rejected at HTTP: the server answered the upgrade to GET /private?token=bad with 401 Unauthorized; a browser reports 1006',
    );
  });

  it('07a: a wrong Sec-WebSocket-Accept is a failed handshake', () => {
    const a = analyzeCapture(readCaptureIn(SHARED_FIXTURES, '07a_neg_wrong_accept_lib_client.pcap'));
    expect(a.connections[0]?.end).toMatchObject({ how: 'handshake-failed', browserCode: 1006, wasClean: false });
    expect(a.connections[0]?.end?.verdict).toContain('Sec-WebSocket-Accept is wrong');
  });

  it('a SYN answered by RST is refused at TCP', () => {
    const c = new TcpConversation({ client: CLIENT, server: SERVER });
    c.packet('client', { flags: 'S', ack: 0 });
    c.next.client += 1;
    c.packet('server', { flags: 'RA', seq: 0 });
    const end = only(writePcap(c.records)).end;
    expect(end).toMatchObject({ how: 'refused', initiator: 'server', browserCode: 1006 });
    expect(end?.verdict).toBe(
      'refused at TCP: the SYN to port 80 was answered by a reset (nothing listening); a browser reports 1006',
    );
  });
});

describe('end verdict: idle time, capture end, pings', () => {
  it('the server closes with 1001 after 30 s idle; the client answers', () => {
    // Packets are 1 ms apart; the server's close waits 30 s after the last text.
    const cap = new TcpConversation({ client: CLIENT, server: SERVER });
    cap.handshake().send('client', upgradeRequest()).send('server', switchingProtocols());
    cap.send('client', clientFrame({ opcode: 1, payload: text('hello') }));
    // The rest is a second conversation on the same sequence numbers whose clock starts 30 s on.
    const last = cap.records.at(-1);
    const rec = only(
      writePcap([
        ...cap.records,
        ...(() => {
          const tail = new TcpConversation({
            client: CLIENT,
            server: SERVER,
            clientIsn: cap.next.client,
            serverIsn: cap.next.server,
            startSeconds: (last?.seconds ?? 0) + 30,
          });
          tail.send('server', frame({ opcode: 8, payload: closeBody(1001, 'going away') }));
          tail.send('client', clientFrame({ opcode: 8, payload: closeBody(1001, 'going away') }));
          tail.close('server');
          return tail.records;
        })(),
      ]),
    );
    expect(rec.end).toMatchObject({
      how: 'close-handshake',
      initiator: 'server',
      code: 1001,
      reason: 'going away',
      browserCode: 1001,
      wasClean: true,
    });
    // From the text (at `last`) to the server's close (the first packet, at whole second last+30).
    expect(rec.end?.idleBefore).toBeCloseTo(30 - (last?.nanos ?? 0) / 1e9, 6);
    expect(rec.end?.verdict).toMatch(
      /^the server closed with 1001 going away "going away" after 30\.\d s idle; the client answered$/,
    );
  });

  it('a capture that stops while the connection is open', () => {
    const end = only(
      wsCapture((c) => c.send('client', clientFrame({ opcode: 1, payload: text('hi') })), { noFin: true }),
    ).end;
    expect(end).toMatchObject({ how: 'capture-ended', initiator: null, browserCode: null, wasClean: false });
  });

  it('pings the other side never answered are counted and named', () => {
    const end = only(
      wsCapture((c) => {
        c.send('server', frame({ opcode: 9, payload: text('p1') }));
        c.send('server', frame({ opcode: 9, payload: text('p2') }));
        c.send('client', clientFrame({ opcode: 10, payload: text('p1') }));
      }),
    ).end;
    expect(end).toMatchObject({ how: 'tcp-fin', initiator: 'client', browserCode: 1006, missedPongs: 1 });
    expect(end?.verdict).toContain('1 ping from the server went unanswered');
  });

  it('a server close frame without a code: the browser reports 1005', () => {
    const end = only(
      wsCapture((c) => {
        c.send('server', frame({ opcode: 8, payload: new Uint8Array(0) }));
        c.send('client', clientFrame({ opcode: 8, payload: new Uint8Array(0) }));
      }),
    ).end;
    expect(end).toMatchObject({
      how: 'close-handshake',
      initiator: 'server',
      code: null,
      browserCode: 1005,
      wasClean: true,
    });
  });
});
