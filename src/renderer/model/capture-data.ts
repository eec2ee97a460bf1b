// CaptureData: the rows of one opened capture, kept OUTSIDE React state and mutated in place.
//
// Why mutable: a million frames arrive in batches; copying arrays per batch would be
// quadratic. `version` counts applied batches; views read through useCaptureData, which re-derives
// when the controller publishes a version (use-capture-data.ts).
// Rows are indexed by id (ids are dense from 1), and per connection for the table/timeline.
// Frame and message rows are typed-array columns (frame-columns.ts, message-columns.ts): row
// objects are built only for what a view shows.

import type { CaptureFileInfo, ConnectionRecord, Finding, RequestRecord } from '../../decoder/index.js';
import type { AppRow, Batch } from '../worker/protocol.js';
import type { MessageRow } from '../worker/row-schema.js';
import { FrameColumns } from './frame-columns.js';
import { IdList, MessageColumns } from './message-columns.js';

export class CaptureData {
  /** Counts every change views may show: batches applied, and preview texts or summary keys that came. */
  version = 0;
  /** Counts batches applied: the rows themselves changed (what a display filter's answer depends on). */
  batches = 0;
  info: CaptureFileInfo | null = null;
  readonly connections = new Map<number, ConnectionRecord>();
  readonly frames = new FrameColumns();
  readonly messages = new MessageColumns();
  readonly findings: Finding[] = [];
  readonly framesByConnection = new Map<number, IdList>();
  readonly messagesByConnection = new Map<number, IdList>();
  /** Earliest time seen: origin of relative times. */
  origin = Number.POSITIVE_INFINITY;
  /** Application-protocol readings by message id (app-store.ts). */
  readonly apps = new Map<number, AppRow>();
  /** Request/response pairs by id, and the pair each request or answer message belongs to. */
  readonly requests = new Map<number, RequestRecord>();
  readonly requestOfMessage = new Map<number, number>();

  apply(batch: Batch): void {
    if (batch.info) this.info = batch.info;
    if (batch.connections.length > 0) this.connectionsChanged++;
    for (const c of batch.connections) {
      this.placeConnection(c);
      this.connections.set(c.id, c);
      if (c.firstTime < this.origin) this.origin = c.firstTime;
    }
    // an updated frame is overwritten in place: only a new one joins its connection's list
    this.frames.add(batch.frames, (id, connectionId) => {
      let list = this.framesByConnection.get(connectionId);
      if (!list) {
        list = new IdList();
        this.framesByConnection.set(connectionId, list);
      }
      list.push(id);
    });
    this.messages.add(batch.messages, (id, connectionId) => {
      let list = this.messagesByConnection.get(connectionId);
      if (!list) {
        list = new IdList();
        this.messagesByConnection.set(connectionId, list);
      }
      list.push(id);
    });
    for (const f of batch.findings) this.findings.push(f);
    this.applyApps(batch);
    this.batches++;
    this.version++;
  }

  /**
   * All in: the columns and id lists let go of the room they grew ahead, as steps the caller runs
   * one per task (at once, a 200 MB capture's columns were one 90 ms task: bench/ui-longtasks.mjs).
   */
  trimSteps(): (() => void)[] {
    return [
      ...this.frames.trimSteps(),
      ...this.messages.trimSteps(),
      () => {
        for (const list of this.framesByConnection.values()) list.trim();
        for (const list of this.messagesByConnection.values()) list.trim();
      },
    ];
  }

  private applyApps(batch: Batch): void {
    for (const id of batch.removedApps ?? []) this.apps.delete(id);
    for (const a of batch.apps ?? []) this.apps.set(a.id, a);
    const reset = new Set(batch.requestsReset ?? []);
    if (reset.size > 0) {
      for (const [id, r] of this.requests) {
        if (!reset.has(r.connectionId)) continue;
        this.requests.delete(id);
        for (const m of [r.request, r.response, r.final])
          if (m != null && this.requestOfMessage.get(m) === id) this.requestOfMessage.delete(m);
      }
    }
    for (const r of batch.requests ?? []) {
      this.requests.set(r.id, r);
      for (const m of [r.request, r.response, r.final]) if (m != null) this.requestOfMessage.set(m, r.id);
    }
  }

  /** One connection's requests, in the order they were made. */
  requestsOf(connectionId: number): RequestRecord[] {
    const out: RequestRecord[] = [];
    for (const r of this.requests.values()) if (r.connectionId === connectionId) out.push(r);
    return out.sort((a, b) => a.request - b.request || a.id - b.id);
  }

  /** Every connection in id order, kept so as batches arrive (see connectionList). */
  private readonly byId: ConnectionRecord[] = [];

  /** Puts a connection's snapshot in its place in `byId`: replaced, appended, or inserted. */
  private placeConnection(c: ConnectionRecord): void {
    const list = this.byId;
    if (list.length === 0 || list[list.length - 1].id < c.id) {
      list.push(c);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].id < c.id) lo = mid + 1;
      else hi = mid;
    }
    if (list[lo]?.id === c.id) list[lo] = c;
    else list.splice(lo, 0, c);
  }

  /** Counts batches that brought connections (connectionList's copy is made again then). */
  private connectionsChanged = 0;
  private sortedConnections: { changed: number; list: ConnectionRecord[] } | null = null;

  /**
   * Connections in id order: a copy per batch that changed them (views memoize on it), of a list
   * kept in order as connections arrive: sorting 50,000 connections per refresh kept the UI thread
   * busy. Not per version: a version is also published for preview texts, at every scroll step.
   */
  connectionList(): ConnectionRecord[] {
    if (this.sortedConnections?.changed !== this.connectionsChanged) {
      this.sortedConnections = { changed: this.connectionsChanged, list: this.byId.slice() };
    }
    return this.sortedConnections.list;
  }

  /** The connection to show first: the first WebSocket one, else the first at all. */
  firstInteresting(): ConnectionRecord | null {
    const list = this.connectionList();
    return (
      list.find((c) => c.kind === 'websocket') ??
      list.find((c) => c.kind === 'websocket-no-handshake' || c.kind === 'rejected' || c.kind === 'no-response') ??
      list[0] ??
      null
    );
  }

  /** Row objects of one connection's messages of one type (e.g. its close frames). */
  messagesOfType(connectionId: number, type: MessageRow['type']): MessageRow[] {
    const ids = this.messagesByConnection.get(connectionId);
    return ids ? this.messages.rows(ids, (id) => this.messages.isType(id, type)) : [];
  }

  /**
   * One connection's findings: made again only when findings came (views read them at every
   * published version, and a hostile capture can hold a million findings). Read, never modify.
   */
  findingsFor(connectionId: number): Finding[] {
    const cache = this.findingsCache();
    let list = cache.byConnection.get(connectionId);
    if (!list) {
      list = this.findings.filter((f) => f.connectionId === connectionId);
      cache.byConnection.set(connectionId, list);
    }
    return list;
  }

  /** Every finding, as a list of its own that later findings do not join (read, never modify). */
  allFindings(): Finding[] {
    const cache = this.findingsCache();
    cache.all ??= this.findings.slice();
    return cache.all;
  }

  private findingsMade: { length: number; byConnection: Map<number, Finding[]>; all: Finding[] | null } | null = null;

  private findingsCache() {
    if (this.findingsMade?.length !== this.findings.length) {
      this.findingsMade = { length: this.findings.length, byConnection: new Map(), all: null };
    }
    return this.findingsMade;
  }
}
