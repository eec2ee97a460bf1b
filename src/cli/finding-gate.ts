// Which findings `wsscope findings` lists without --all: those of WebSocket connections (and of
// the capture itself). TCP and HTTP anomalies of connections that carry no WebSocket (a TLS
// session's retransmissions, a web page's out-of-order segments) belong to traffic the user did
// not ask about: --all lists them, and a line on stderr says how many were left out.
//
// Findings stream before their connection is known: a finding of a connection still undecided,
// or plain HTTP (it may upgrade later), is held until the connection's snapshot says what it is
// (WebSocket: printed then; anything else at the end: dropped). Held findings are bounded.

import type { ConnectionRecord, Finding } from '../decoder/index.js';
import { isWebSocketConnection } from './records.js';

const MAX_HELD = 100_000;

export class FindingGate {
  private readonly held = new Map<number, Finding[]>();
  private heldCount = 0;
  /** Findings of non-WebSocket connections not listed. */
  left = 0;

  constructor(
    private readonly print: (f: Finding) => void,
    private readonly all: boolean,
  ) {}

  finding(f: Finding, c: ConnectionRecord | undefined): void {
    const id = f.connectionId;
    if (this.all || id === null || (c !== undefined && isWebSocketConnection(c))) {
      this.print(f);
      return;
    }
    // Settled as something else (TLS, SSH, an unknown stream…): never WebSocket.
    if (c !== undefined && c.kind === 'tcp' && c.protocol != null) {
      this.left++;
      return;
    }
    if (this.heldCount >= MAX_HELD) {
      this.left++;
      return;
    }
    const list = this.held.get(id);
    if (list) list.push(f);
    else this.held.set(id, [f]);
    this.heldCount++;
  }

  /** A connection's new snapshot: its held findings are printed (WebSocket) or dropped (settled). */
  connection(c: ConnectionRecord): void {
    const list = this.held.get(c.id);
    if (!list) return;
    if (isWebSocketConnection(c)) for (const f of list) this.print(f);
    else if (!(c.kind === 'tcp' && c.protocol != null)) return;
    else this.left += list.length;
    this.held.delete(c.id);
    this.heldCount -= list.length;
  }

  /** End of the capture: what is still held belongs to connections that never became WebSocket. */
  end(): void {
    this.left += this.heldCount;
    this.held.clear();
    this.heldCount = 0;
  }
}
