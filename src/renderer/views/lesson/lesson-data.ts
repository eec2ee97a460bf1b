// What a lesson shows of one connection, gathered once when the lesson opens: the connection
// record from the UI's rows, and the few frame and message records its steps draw, fetched from
// the decoder worker (the UI thread keeps row summaries only, see worker/protocol.ts).
//
// Scans stop at the first match and look at SCAN_LIMIT messages at most, so a connection with
// a million messages opens its lesson at once.

import type { ConnectionRecord, Finding, FrameRecord, MessageRecord } from '../../../decoder/index.js';
import type { CaptureData } from '../../model/capture-data.js';
import type { MessageRow } from '../../worker/row-schema.js';

const SCAN_LIMIT = 200_000;
/** Frames of one message fetched for the fragment and compression steps. */
const MAX_FRAMES = 12;
const PAYLOAD_BYTES = 64 * 1024;

export interface MessageWithFrames {
  message: MessageRecord;
  frames: FrameRecord[];
}

export interface LessonData {
  connection: ConnectionRecord;
  /** The first frame the client sent (else the first frame at all). */
  firstFrame: FrameRecord | null;
  /** The message that frame belongs to (what send() was given). */
  firstMessage: MessageRecord | null;
  /** A masked frame with a payload, for the masking step (the first client frame when it is one). */
  maskedFrame: FrameRecord | null;
  fragmented: MessageWithFrames | null;
  compressed: MessageWithFrames | null;
  pingPong: { ping: MessageRow; pong: MessageRow } | null;
  closes: { row: MessageRow; record: MessageRecord | null }[];
  findings: Finding[];
}

/** What lesson-data needs of the controller: the worker's records. */
export interface DetailSource {
  frameDetail(frameId: number): Promise<{ frame: FrameRecord; message: { message: MessageRecord } | null } | null>;
  messageDetail(messageId: number, maxBytes: number): Promise<{ message: MessageRecord } | null>;
}

function firstMatching<T>(ids: { length: number; at(i: number): number }, read: (id: number) => T | null): T | null {
  const n = Math.min(ids.length, SCAN_LIMIT);
  for (let i = 0; i < n; i++) {
    const found = read(ids.at(i));
    if (found != null) return found;
  }
  return null;
}

async function withFrames(source: DetailSource, row: MessageRow | null): Promise<MessageWithFrames | null> {
  if (!row) return null;
  const detail = await source.messageDetail(row.id, PAYLOAD_BYTES);
  if (!detail) return null;
  const frames: FrameRecord[] = [];
  for (const id of row.frameIds.slice(0, MAX_FRAMES)) {
    const f = await source.frameDetail(id);
    if (f) frames.push(f.frame);
  }
  return { message: detail.message, frames };
}

export async function loadLesson(
  source: DetailSource,
  data: CaptureData,
  connectionId: number,
): Promise<LessonData | null> {
  const connection = data.connections.get(connectionId);
  if (!connection) return null;
  const frameIds = data.framesByConnection.get(connectionId);
  const messageIds = data.messagesByConnection.get(connectionId);
  const noIds = { length: 0, at: () => 0 };

  const clientFrameId =
    firstMatching(frameIds ?? noIds, (id) => (data.frames.row(id)?.direction === 'client' ? id : null)) ??
    (frameIds && frameIds.length > 0 ? frameIds.at(0) : null);
  const first = clientFrameId != null ? await source.frameDetail(clientFrameId) : null;
  const firstFrame = first?.frame ?? null;

  // Masking is clearest on a payload a class can read: a masked frame whose message is not
  // compressed (on a permessage-deflate connection, often a ping), else any masked frame.
  const maskedWith = (readable: boolean) =>
    firstMatching(frameIds ?? noIds, (fid) => {
      const r = data.frames.row(fid);
      if (!r?.masked || r.payloadLength === 0) return null;
      if (readable && r.messageId != null && data.messages.row(r.messageId)?.compressed) return null;
      return fid;
    });
  const maskedId = maskedWith(true) ?? maskedWith(false);
  const maskedFrame =
    maskedId == null
      ? null
      : maskedId === firstFrame?.id
        ? firstFrame
        : ((await source.frameDetail(maskedId))?.frame ?? null);

  const rows = messageIds ?? noIds;
  const row = (id: number) => data.messages.row(id) ?? null;
  const isData = (r: MessageRow) => r.type === 'text' || r.type === 'binary';
  const fragRow = firstMatching(rows, (id) => {
    const r = row(id);
    // a fragmented message that is not compressed shows its bytes as they were sent; prefer it
    return r && isData(r) && r.frameIds.length > 1 && !r.compressed ? r : null;
  });
  const fragAny =
    fragRow ??
    firstMatching(rows, (id) => {
      const r = row(id);
      return r && isData(r) && r.frameIds.length > 1 ? r : null;
    });
  const compRow =
    firstMatching(rows, (id) => {
      const r = row(id);
      return r && isData(r) && r.compressed && r.type === 'text' && r.complete ? r : null;
    }) ??
    firstMatching(rows, (id) => {
      const r = row(id);
      return r?.compressed ? r : null;
    });
  const pong = firstMatching(rows, (id) => {
    const r = row(id);
    return r?.type === 'pong' && r.pingId != null && r.rtt != null ? r : null;
  });
  const ping = pong?.pingId != null ? row(pong.pingId) : null;

  const closeRows = data.messagesOfType(connectionId, 'close').slice(0, 4);
  const closes: LessonData['closes'] = [];
  for (const r of closeRows) closes.push({ row: r, record: (await source.messageDetail(r.id, 256))?.message ?? null });

  return {
    connection,
    firstFrame,
    firstMessage: first?.message?.message ?? null,
    maskedFrame,
    fragmented: await withFrames(source, fragAny),
    compressed: await withFrames(source, compRow),
    pingPong: ping && pong ? { ping, pong } : null,
    closes,
    findings: data.findingsFor(connectionId),
  };
}
