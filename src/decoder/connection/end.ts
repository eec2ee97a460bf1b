// How a connection ended: who closed first and how, the close code a browser's `onclose` would
// have reported, the idle time before the end, unanswered pings, and one plain sentence.
//
// Rules
// - EndTracker is fed every message of the connection (after the Conversation paired pings with
//   pongs) and the TCP end; per message it updates a few numbers and allocates nothing.
// - The judgement (`judge`) is made from the connection record (kind, handshake, HTTP exchanges,
//   TCP control events) and the tracker once the connection is over; a live connection has none.
// - browserCode (RFC 6455 §7.1.5, WHATWG WebSockets "close code"): the code of the first close
//   frame the CLIENT received (the server's), 1005 when that frame had no code, 1006 when none
//   arrived or the handshake never completed. wasClean: the closing handshake completed (both
//   sides sent a close frame) (RFC 6455 §7.1.4; the browser's CloseEvent.wasClean).
// - idleBefore: from the last data message (or the opening, when none) to the start of the end:
//   the first close frame, else the first FIN/RST, else the last packet of the capture.

import type { ConnectionEnd, ConnectionRecord, Direction, EndHow, MessageRecord } from '../records.js';
import { describeCloseCode } from '../websocket/close-codes.js';
import type { TcpEnd } from './conversation.js';

interface CloseSeen {
  code: number | null;
  reason: string;
  time: number;
}

const other = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');

export class EndTracker {
  private readonly closes: Record<Direction, CloseSeen | null> = { client: null, server: null };
  private lastData = Number.NaN;
  /** Pings sent by each side, and pongs (from the other side) answering them. */
  private readonly pings = { client: 0, server: 0 };
  private readonly answered = { client: 0, server: 0 };
  private readonly lastPing = { client: Number.NaN, server: Number.NaN };
  private readonly maxRtt = { client: 0, server: 0 };
  private tcp: TcpEnd | null = null;
  private endTime = 0;

  message(direction: Direction, msg: MessageRecord): void {
    switch (msg.type) {
      case 'text':
      case 'binary':
        if (!(msg.time <= this.lastData)) this.lastData = msg.time;
        break;
      case 'ping':
        this.pings[direction]++;
        this.lastPing[direction] = msg.time;
        break;
      case 'pong':
        if (msg.pingId === null) break;
        this.answered[other(direction)]++;
        if ((msg.rtt ?? 0) > this.maxRtt[other(direction)]) this.maxRtt[other(direction)] = msg.rtt ?? 0;
        break;
      case 'close':
        if (this.closes[direction] === null)
          this.closes[direction] = { code: msg.close?.code ?? null, reason: msg.close?.reason ?? '', time: msg.time };
        break;
    }
  }

  finished(how: TcpEnd, time: number): void {
    this.tcp ??= how;
    this.endTime = time;
  }

  get over(): boolean {
    return this.tcp !== null;
  }

  /** The verdict; null while the connection is still going. */
  judge(rec: ConnectionRecord): ConnectionEnd | null {
    if (this.tcp === null) return null;
    return judge(rec, this);
  }

  // Read by judge() below.
  state() {
    return {
      closes: this.closes,
      lastData: this.lastData,
      pings: this.pings,
      answered: this.answered,
      lastPing: this.lastPing,
      maxRtt: this.maxRtt,
      tcp: this.tcp ?? 'end-of-capture',
      endTime: this.endTime,
    };
  }
}

export function durationText(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return `${seconds.toFixed(1)} s`;
}

function codeText(code: number | null): string {
  if (code === null) return 'no code';
  const doc = describeCloseCode(code);
  return doc.name && !doc.name.startsWith('Unknown') ? `${code} ${doc.name.toLowerCase()}` : String(code);
}

/** Reasons are at most 123 bytes, but a broken frame can carry more: the sentence shows 60. */
const REASON_SHOWN = 60;

function closeText(c: CloseSeen): string {
  const reason = c.reason.length > REASON_SHOWN ? `${c.reason.slice(0, REASON_SHOWN - 1)}…` : c.reason;
  return `${codeText(c.code)}${reason ? ` "${reason}"` : ''}`;
}

/** RFC 6455 §4.1: what a client checks in a 101 before it calls the connection open. */
export function handshakeFault(rec: ConnectionRecord): string | null {
  const h = rec.handshake;
  const response = h?.response;
  if (!h || response?.status !== 101) return null;
  const has = (name: string, token: string) =>
    response.headers.some(
      ([n, v]) =>
        n.toLowerCase() === name &&
        v
          .toLowerCase()
          .split(',')
          .some((t) => t.trim() === token),
    );
  if (!has('upgrade', 'websocket')) return 'the 101 response does not name websocket in Upgrade';
  if (!has('connection', 'upgrade')) return 'the 101 response does not name Upgrade in Connection';
  if (!h.accept.valid)
    return h.accept.received === null ? 'Sec-WebSocket-Accept is missing' : 'Sec-WebSocket-Accept is wrong';
  if (h.subprotocol !== null && !h.offeredSubprotocols.includes(h.subprotocol))
    return `the server chose subprotocol ${h.subprotocol}, which the client did not offer`;
  return null;
}

function make(
  how: EndHow,
  initiator: Direction | null,
  fields: Partial<Omit<ConnectionEnd, 'how' | 'initiator' | 'verdict'>>,
  verdict: string,
): ConnectionEnd {
  return {
    how,
    initiator,
    code: fields.code ?? null,
    reason: fields.reason ?? null,
    browserCode: fields.browserCode ?? null,
    wasClean: fields.wasClean ?? false,
    idleBefore: fields.idleBefore ?? null,
    missedPongs: fields.missedPongs ?? 0,
    time: fields.time ?? null,
    verdict,
  };
}

function judge(rec: ConnectionRecord, tracker: EndTracker): ConnectionEnd {
  const s = tracker.state();
  const tcpFirst = rec.tcpEvents.find((t) => t.what === 'fin' || t.what === 'rst') ?? null;
  const tcpText =
    s.tcp === 'rst' ? 'TCP reset' : s.tcp === 'fin' ? 'TCP FIN' : s.tcp === 'reused' ? 'port reuse' : 'capture end';

  // Refused at TCP: the client's SYN answered by the server's RST, no SYN-ACK.
  const synAck = rec.tcpEvents.some((t) => t.what === 'syn-ack');
  const serverRst = rec.tcpEvents.find((t) => t.what === 'rst' && t.direction === 'server');
  if (rec.synSeen && !synAck && serverRst && rec.stats.client.bytes === 0) {
    return make(
      'refused',
      'server',
      { browserCode: 1006, time: serverRst.time },
      `refused at TCP: the SYN to port ${rec.server.port} was answered by a reset (nothing listening); a browser reports 1006`,
    );
  }

  if (rec.kind === 'rejected') {
    const ex = [...rec.httpExchanges].reverse().find((e) => e.response !== null) ?? rec.httpExchanges.at(-1);
    const req = ex?.request ?? rec.handshake?.request ?? null;
    const res = ex?.response ?? rec.handshake?.response ?? null;
    const target = req ? ` to ${req.method} ${req.target}` : '';
    if (!res)
      return make(
        'no-response',
        null,
        { browserCode: 1006, time: s.endTime },
        `the upgrade request${target} got no response before the ${tcpText}; a browser reports 1006`,
      );
    return make(
      'rejected',
      'server',
      { code: res.status, reason: res.reason, browserCode: 1006, time: res.time },
      `rejected at HTTP: the server answered the upgrade${target} with ${res.status} ${res.reason}`.trimEnd() +
        '; a browser reports 1006',
    );
  }

  const websocket = rec.kind === 'websocket' || rec.kind === 'websocket-no-handshake';
  if (!websocket) {
    const who = tcpFirst ? tcpFirst.direction : null;
    const how: EndHow = s.tcp === 'rst' ? 'tcp-rst' : s.tcp === 'end-of-capture' ? 'capture-ended' : 'tcp-fin';
    const what = rec.kind === 'http' ? 'plain HTTP (no upgrade)' : 'no HTTP or WebSocket seen';
    const end =
      how === 'capture-ended'
        ? 'the capture ended while it was open'
        : `${who ? `the ${who} ended it with ${tcpText}` : `it ended with ${tcpText}`}`;
    return make(how, who, { time: tcpFirst?.time ?? s.endTime }, `${what}; ${end}`);
  }

  const fault = handshakeFault(rec);
  if (fault) {
    return make(
      'handshake-failed',
      'server',
      { browserCode: 1006, time: rec.handshake?.response?.time ?? s.endTime },
      `handshake failed: ${fault}, so a browser fails the connection (1006)`,
    );
  }

  const { client, server } = s.closes;
  const first: Direction | null =
    client && server
      ? client.time <= server.time
        ? 'client'
        : 'server'
      : client
        ? 'client'
        : server
          ? 'server'
          : null;
  const endStart = first ? (s.closes[first] as CloseSeen).time : (tcpFirst?.time ?? s.endTime);
  const open = rec.lifecycle.find((l) => l.state === 'OPEN')?.time ?? rec.firstTime;
  const since = Number.isNaN(s.lastData) || s.lastData > endStart ? open : s.lastData;
  const idleBefore = Math.max(0, endStart - since);
  const idle = `after ${durationText(idleBefore)} idle`;
  const missed = s.pings.client - s.answered.client + (s.pings.server - s.answered.server);
  const pingNotes: string[] = [];
  for (const d of ['client', 'server'] as const) {
    const n = s.pings[d] - s.answered[d];
    if (n > 0)
      pingNotes.push(
        `${n} ping${n > 1 ? 's' : ''} from the ${d} went unanswered (the last ${durationText(Math.max(0, s.endTime - s.lastPing[d]))} before the end)`,
      );
    if (s.maxRtt[d] >= 1) pingNotes.push(`a pong to the ${d} came late (${durationText(s.maxRtt[d])})`);
  }
  const tail = pingNotes.length ? `; ${pingNotes.join('; ')}` : '';
  const common = { idleBefore, missedPongs: missed, time: endStart };

  if (first) {
    const c = s.closes[first] as CloseSeen;
    const answer = s.closes[other(first)];
    // The browser's code: the first close frame the client received, i.e. the server's.
    const browserCode = server ? (server.code ?? 1005) : 1006;
    const fields = { ...common, code: c.code, reason: c.reason, browserCode };
    const head = `the ${first} closed with ${closeText(c)} ${idle}`;
    if (answer) {
      const echo = answer.code === c.code ? 'answered' : `answered with ${codeText(answer.code)}`;
      return make(
        'close-handshake',
        first,
        { ...fields, wasClean: true },
        `${head}; the ${other(first)} ${echo}${tail}`,
      );
    }
    const after =
      s.tcp === 'end-of-capture' ? 'the capture ended before an answer' : `no close came back before the ${tcpText}`;
    return make('close-one-sided', first, fields, `${head}; ${after}; a browser reports ${browserCode}${tail}`);
  }

  if (s.tcp === 'end-of-capture')
    return make(
      'capture-ended',
      null,
      { ...common, browserCode: null },
      `still open when the capture ended, ${durationText(idleBefore)} after the last message${tail}`,
    );
  const who = tcpFirst?.direction ?? null;
  const how: EndHow = tcpFirst?.what === 'rst' || s.tcp === 'rst' ? 'tcp-rst' : 'tcp-fin';
  const by = how === 'tcp-rst' ? 'reset the TCP connection' : 'closed TCP (FIN)';
  return make(
    how,
    who,
    { ...common, browserCode: 1006 },
    `${who ? `the ${who}` : 'one side'} ${by} without a close frame ${idle}; a browser reports 1006${tail}`,
  );
}
