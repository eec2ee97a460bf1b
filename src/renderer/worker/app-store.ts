// The worker's application-layer records: each message's app reading (its summary row), the
// request/response pairs, and the per-connection protocol override (the UI's protocol menu).
//
// Theory of operation
// - The session decodes app protocols as it goes (CaptureSession option `app`); the engine
//   hands each message's `app` and each `request` snapshot here, and takes() what changed.
// - An override re-runs a fresh AppSession over the connection's kept messages with that
//   protocol, replaces the connection's app rows and drops its old requests (the batch's
//   `requestsReset` tells the UI). Requests get a worker-wide uid so re-runs never collide.

import {
  type AppInfo,
  type AppProtocolName,
  AppSession,
  type ConnectionRecord,
  type DecoderEvent,
  type MessageRecord,
  type RequestRecord,
} from '../../decoder/index.js';
import type { AppRow } from './protocol.js';

export class AppStore {
  private readonly infos = new Map<number, AppInfo>();
  private readonly requests = new Map<number, RequestRecord>();
  /** (generation/connection/session id) → uid */
  private readonly uids = new Map<string, number>();
  private readonly generation = new Map<number, number>();
  /** The choice an override made, kept over later snapshots of the connection. */
  private readonly choices = new Map<number, ConnectionRecord['app']>();
  /** Overridden connections keep their own session: messages that arrive later (live) go there. */
  private readonly sessions = new Map<number, AppSession>();
  private nextUid = 1;
  private pendingApps = new Map<number, AppRow | null>();
  private pendingRequests = new Map<number, RequestRecord>();
  private resets: number[] = [];

  message(m: MessageRecord): void {
    const own = this.sessions.get(m.connectionId);
    if (own) {
      // The capture's session read it its own way; the override's session decides.
      m.app = null;
      const extra = own.process([{ kind: 'message', message: m }]);
      for (const ev of extra) if (ev.kind === 'request') this.put(ev.request, this.generation.get(m.connectionId) ?? 0);
      if (!m.app) {
        if (this.infos.delete(m.id)) this.pendingApps.set(m.id, null);
        return;
      }
    }
    if (!m.app) return;
    this.infos.set(m.id, m.app);
    this.pendingApps.set(m.id, appRow(m.id, m.app));
  }

  /** A request snapshot from the capture's own session (generation 0). */
  request(r: RequestRecord): void {
    if (this.sessions.has(r.connectionId)) return;
    this.put(r, 0);
  }

  private put(r: RequestRecord, gen: number): void {
    const key = `${gen}/${r.connectionId}/${r.id}`;
    let uid = this.uids.get(key);
    if (uid === undefined) {
      uid = this.nextUid++;
      this.uids.set(key, uid);
    }
    const rec = { ...r, id: uid };
    this.requests.set(uid, rec);
    this.pendingRequests.set(uid, rec);
  }

  /** A later snapshot of an overridden connection keeps the override's choice. */
  patch(connection: ConnectionRecord): void {
    if (this.choices.has(connection.id)) connection.app = this.choices.get(connection.id) ?? null;
  }

  appOf(messageId: number): AppInfo | null {
    return this.infos.get(messageId) ?? null;
  }

  /**
   * Decode `connection` again as `protocol` ('none': no decoding; null: back to automatic).
   * Returns the connection snapshot with its new choice.
   */
  override(
    connection: ConnectionRecord,
    messages: MessageRecord[],
    protocol: AppProtocolName | 'none' | null,
  ): ConnectionRecord {
    const id = connection.id;
    const gen = (this.generation.get(id) ?? 0) + 1;
    this.generation.set(id, gen);
    for (const [uid, r] of this.requests) if (r.connectionId === id) this.requests.delete(uid);
    this.resets.push(id);
    const overrides = protocol === null ? undefined : new Map([[id, protocol]]);
    const session = new AppSession({ overrides });
    const snapshot: ConnectionRecord = { ...connection };
    const events: DecoderEvent[] = [{ kind: 'connection', connection: snapshot }];
    for (const m of messages) {
      m.app = null;
      events.push({ kind: 'message', message: m });
    }
    const extra = session.process(events);
    this.choices.set(id, snapshot.app ?? null);
    this.sessions.set(id, session);
    for (const m of messages) {
      if (m.app) this.infos.set(m.id, m.app);
      else this.infos.delete(m.id);
      this.pendingApps.set(m.id, m.app ? appRow(m.id, m.app) : null);
    }
    for (const ev of extra) if (ev.kind === 'request') this.put(ev.request, gen);
    return snapshot;
  }

  hasPending(): boolean {
    return this.pendingApps.size > 0 || this.pendingRequests.size > 0 || this.resets.length > 0;
  }

  take(): { apps: AppRow[]; removedApps: number[]; requests: RequestRecord[]; requestsReset: number[] } {
    const apps: AppRow[] = [];
    const removedApps: number[] = [];
    for (const [id, row] of this.pendingApps) {
      if (row) apps.push(row);
      else removedApps.push(id);
    }
    // A reset drops the connection's rows before the new ones in the same batch are applied.
    const out = { apps, removedApps, requests: [...this.pendingRequests.values()], requestsReset: this.resets };
    this.pendingApps = new Map();
    this.pendingRequests = new Map();
    this.resets = [];
    return out;
  }
}

function appRow(id: number, app: AppInfo): AppRow {
  return {
    id,
    protocol: app.protocol,
    kind: app.kind,
    name: app.name,
    summary: app.summary,
    packets: app.packets?.length ?? 1,
  };
}
