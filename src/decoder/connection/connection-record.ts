// The ConnectionRecord a connection fills in as it goes, and the snapshots handed out of it.

import type { ConnectionRecord, DirectionStats, TlsInfo } from '../records.js';
import type { TcpEvent } from '../tcp/events.js';

const emptyStats = (): DirectionStats => ({ frames: 0, messages: 0, bytes: 0, payloadBytes: 0, wirePayloadBytes: 0 });

/** A new connection as the tracker opened it: CONNECTING, roles from the SYN when it was seen. */
export function newConnectionRecord(open: Extract<TcpEvent, { type: 'open' }>): ConnectionRecord {
  return {
    id: open.connectionId,
    client: open.a,
    server: open.b,
    kind: 'tcp',
    rolesGuessed: !open.synSeen,
    synSeen: open.synSeen,
    handshake: null,
    httpExchanges: [],
    firstTime: open.time,
    lastTime: open.time,
    firstRecord: open.record,
    lastRecord: open.record,
    lifecycle: [
      {
        state: 'CONNECTING',
        time: open.time,
        record: open.record,
        by: open.synSeen ? 'client' : null,
        detail: open.synSeen ? 'TCP SYN sent by the client' : 'first packet seen (capture started mid-connection)',
      },
    ],
    tcpEvents: [],
    closedBy: null,
    cleanClose: false,
    stats: { client: emptyStats(), server: emptyStats() },
    findingCount: 0,
    protocol: null,
    guess: null,
    tls: null,
  };
}

/** A copy of the record that later updates don't mutate (the events are snapshots). */
export function cloneConnectionRecord(r: ConnectionRecord): ConnectionRecord {
  return {
    ...r,
    client: { ...r.client },
    server: { ...r.server },
    httpExchanges: r.httpExchanges.slice(),
    lifecycle: r.lifecycle.map((l) => ({ ...l })),
    tcpEvents: r.tcpEvents.map((t) => ({ ...t })),
    stats: { client: { ...r.stats.client }, server: { ...r.stats.server } },
    guess: r.guess ? { ...r.guess } : null,
    tls: r.tls ? cloneTlsInfo(r.tls) : null,
  };
}

function cloneTlsInfo(t: TlsInfo): TlsInfo {
  return {
    ...t,
    alpnOffered: t.alpnOffered.slice(),
    certificate: t.certificate ? { ...t.certificate } : null,
    records: { ...t.records },
    recordBytes: { ...t.recordBytes },
    alerts: t.alerts.slice(),
    keySchedule: t.keySchedule.slice(),
  };
}
