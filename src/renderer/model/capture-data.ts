// CaptureData: the rows of one opened capture, kept OUTSIDE React state and mutated in place.
//
// Why mutable: a million frames arrive in batches; copying arrays per batch would be
// quadratic. Views read through `version` (bumped per applied batch) to know when to re-derive.
// Rows are indexed by id (ids are dense from 1), and per connection for the table/timeline.
// Message rows are typed-array columns (message-columns.ts): objects only for what is shown.

import type { Finding } from '../../decoder/findings.js';
import type { CaptureFileInfo, ConnectionRecord } from '../../decoder/model.js';
import type { Batch, FrameRow, MessageRow } from '../worker/protocol.js';
import { decodeFrameRows } from '../worker/row-codec.js';
import { IdList, MessageColumns } from './message-columns.js';

export class CaptureData {
  version = 0;
  info: CaptureFileInfo | null = null;
  readonly connections = new Map<number, ConnectionRecord>();
  readonly frames: FrameRow[] = [];
  readonly messages = new MessageColumns();
  readonly findings: Finding[] = [];
  readonly framesByConnection = new Map<number, FrameRow[]>();
  readonly messagesByConnection = new Map<number, IdList>();
  /** Position of each frame id in its connection's list, to replace updated rows in O(1). */
  private readonly framePos: number[] = [];
  /** Earliest time seen: origin of relative times. */
  origin = Number.POSITIVE_INFINITY;

  apply(batch: Batch): void {
    if (batch.info) this.info = batch.info;
    for (const c of batch.connections) {
      this.connections.set(c.id, c);
      if (c.firstTime < this.origin) this.origin = c.firstTime;
    }
    for (const row of decodeFrameRows(batch.frames)) {
      const known = this.frames[row.id];
      this.frames[row.id] = row;
      let list = this.framesByConnection.get(row.connectionId);
      if (!list) {
        list = [];
        this.framesByConnection.set(row.connectionId, list);
      }
      if (known) list[this.framePos[row.id]] = row;
      else {
        this.framePos[row.id] = list.length;
        list.push(row);
      }
    }
    this.messages.add(batch.messages, (id, connectionId) => {
      let list = this.messagesByConnection.get(connectionId);
      if (!list) {
        list = new IdList();
        this.messagesByConnection.set(connectionId, list);
      }
      list.push(id);
    });
    for (const f of batch.findings) this.findings.push(f);
    this.version++;
  }

  /** Connections in id order. */
  connectionList(): ConnectionRecord[] {
    return [...this.connections.values()].sort((a, b) => a.id - b.id);
  }

  /** The connection to show first: the first WebSocket one, else the first at all. */
  firstInteresting(): ConnectionRecord | null {
    const list = this.connectionList();
    return (
      list.find((c) => c.kind === 'websocket') ??
      list.find((c) => c.kind === 'websocket-no-handshake' || c.kind === 'rejected') ??
      list[0] ??
      null
    );
  }

  /** Row objects of one connection's messages of one type (e.g. its close frames). */
  messagesOfType(connectionId: number, type: MessageRow['type']): MessageRow[] {
    const ids = this.messagesByConnection.get(connectionId);
    return ids ? this.messages.rows(ids, (id) => this.messages.isType(id, type)) : [];
  }

  findingsFor(connectionId: number): Finding[] {
    return this.findings.filter((f) => f.connectionId === connectionId);
  }
}
