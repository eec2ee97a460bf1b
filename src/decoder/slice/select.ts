// Which capture records belong to chosen connections: the packets a slice keeps.
//
// A connection's packets are those of its TCP 4-tuple (either direction) from its first record
// up to the next connection on the same 4-tuple (port reuse), so the SYN, the handshake, every
// ACK, retransmission and the FIN/RST teardown are kept, as in Wireshark's `tcp.stream == N`.
// IP fragments are kept with their datagram only when it is whole in one record (a fragment
// alone carries no TCP ports).

import { CaptureReader } from '../capture/index.js';
import { decodePacket } from '../packet/index.js';
import type { ConnectionRecord } from '../records.js';
import { FlowTable } from '../tcp/flow-key.js';

export interface RecordSelection {
  /** Record numbers (1-based, as Wireshark numbers packets). */
  records: Set<number>;
  /** File offsets of the kept records' packet data (to find their blocks in the file). */
  offsets: Set<number>;
}

interface Window {
  from: number;
  /** Exclusive: the first record of the next connection on the same 4-tuple. */
  to: number;
  chosen: boolean;
}

export function recordsOf(
  capture: Uint8Array,
  chosen: readonly ConnectionRecord[],
  all: readonly ConnectionRecord[],
): RecordSelection {
  const ids = new Set(chosen.map((c) => c.id));
  const windows = new FlowTable<Window[]>();
  const sorted = [...all].filter((c) => c.firstRecord > 0).sort((a, b) => a.firstRecord - b.firstRecord);
  for (const c of sorted) {
    let list = windows.get(c.client, c.server);
    if (!list) {
      list = [];
      windows.set(c.client, c.server, list);
    }
    const last = list[list.length - 1];
    if (last) last.to = c.firstRecord;
    list.push({ from: c.firstRecord, to: Number.POSITIVE_INFINITY, chosen: ids.has(c.id) });
  }
  const out: RecordSelection = { records: new Set(), offsets: new Set() };
  const reader = new CaptureReader();
  reader.push(capture);
  reader.end();
  for (let rec = reader.next(); rec; rec = reader.next()) {
    const p = decodePacket(rec);
    if (p.kind !== 'tcp') continue;
    const list = windows.get(p.segment.src, p.segment.dst);
    if (!list) continue;
    const w = list.find((x) => rec.index >= x.from && rec.index < x.to);
    if (w?.chosen) {
      out.records.add(rec.index);
      out.offsets.add(rec.fileOffset);
    }
  }
  return out;
}
