// What a connection hands out: its frame and message records, and findings located in it.
//
// Rules
// - Everything is emitted at once, in the order it was produced (a frame, then its findings; a
//   message, then its findings), and nothing handed out is kept.
// - The conversation (conversation.ts) judges each record before it goes out: data after the
//   sender's close, ping/pong pairing, the close handshake.
// - `dirty` / `changed` tell the session when the connection record is worth a new snapshot.
// - Per frame this allocates the event and nothing else; findings are rare.

import { type FindingCode, makeFinding } from '../findings.js';
import { hexNumber } from '../format.js';
import type { ConnectionRecord, DecoderEvent, Direction, FrameRecord, MessageRecord } from '../records.js';
import type { Side } from '../tcp/events.js';
import type { FrameProblem } from '../websocket/frames/index.js';
import type { MessageProblem } from '../websocket/messages/index.js';
import { isReservedOpcode, opcodeName } from '../websocket/opcodes.js';
import { withCode } from './codes.js';
import type { Conversation } from './conversation.js';
import type { DirectionDecoder, DirectionOutput } from './direction.js';
import { EndTracker } from './end.js';

export class Reporter implements DirectionOutput {
  /** Something in the record changed since the last snapshot (counters included). */
  dirty = true;
  /**
   * Something beyond the counters changed (kind, handshake, lifecycle, TCP control, HTTP): worth
   * a snapshot at once. Counter-only changes are snapshotted periodically (see CaptureSession).
   */
  changed = true;
  /** The tracker side that is the client: 'b' once the roles were found swapped. */
  clientSide: Side = 'a';
  /** How the connection ends (end.ts): fed every message here. */
  readonly end = new EndTracker();

  constructor(
    private readonly rec: ConnectionRecord,
    private readonly conversation: Conversation,
    private readonly emit: (ev: DecoderEvent) => void,
  ) {}

  dir(side: Side): Direction {
    return side === this.clientSide ? 'client' : 'server';
  }

  finding(
    code: FindingCode,
    message: string,
    side: Side | null,
    packet: number,
    time: number,
    frameId: number | null = null,
    messageId: number | null = null,
  ): void {
    this.rec.findingCount++;
    this.dirty = true;
    const where = {
      connectionId: this.rec.id,
      direction: side ? this.dir(side) : null,
      packet,
      time,
      frameId,
      messageId,
    };
    this.emit({ kind: 'finding', finding: makeFinding(code, message, where) });
  }

  frame(d: DirectionDecoder, frame: FrameRecord, problems: readonly FrameProblem[], record: number): void {
    this.dirty = true;
    const late = this.conversation.closed(d.direction);
    if (late) frame.findings = withCode(frame.findings, 'close.data-after-close');
    this.emit({ kind: 'frame', frame });
    for (const p of problems) this.finding(p.code, p.message, d.side, record, frame.time, frame.id);
    if (!late) return;
    const message = `${d.direction} sent a ${opcodeText(frame.opcode)} frame after its close frame`;
    this.finding('close.data-after-close', message, d.side, record, frame.time, frame.id);
  }

  message(d: DirectionDecoder, msg: MessageRecord, problems: readonly MessageProblem[], record: number): void {
    if (this.conversation.onMessage(d.direction, msg, record)) this.changed = true;
    this.end.message(d.direction, msg);
    this.emit({ kind: 'message', message: msg });
    for (const p of problems) this.finding(p.code, p.message, d.side, record, msg.time, p.frameId, msg.id);
    if (msg.type !== 'pong' || msg.pingId !== null) return;
    const message = `pong from the ${d.direction} matches no ping from the ${d.direction === 'client' ? 'server' : 'client'}`;
    this.finding('pong.unsolicited', message, d.side, record, msg.time, null, msg.id);
  }

  streamFinding(d: DirectionDecoder, code: FindingCode, message: string, record: number, time: number): void {
    this.finding(code, message, d.side, record, time);
  }
}

/** An opcode in a finding's sentence: its name, or its number when reserved (as the CLI JSON has it). */
function opcodeText(op: number): string {
  return isReservedOpcode(op) ? hexNumber(op) : opcodeName(op);
}
