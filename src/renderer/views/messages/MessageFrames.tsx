// How messages and frames relate, shown in the detail panel:
// - under a message's payload, the frames it was sent in (each a link to its bits);
// - above a frame's bits, "fragment 2 of 3 of message #3" (a link to the message).

import { useCallback, useState } from 'react';
import { opcodeName } from '../../../decoder/index.js';
import type { CaptureData } from '../../model/capture-data.js';
import { useController } from '../../model/context.js';
import { DIRECTION_ARROW, formatCount } from '../../model/labels.js';
import { useCaptureData } from '../../model/use-capture-data.js';
import { byteCount } from './message-table-columns.js';

/** "fragment 2 of 3 of message #3", or "message #3 in one frame"; null while it has none. */
export function fragmentText(
  frameIds: readonly number[] | Int32Array,
  frameId: number,
  messageId: number,
): string | null {
  const k = frameIds.indexOf(frameId);
  if (k < 0) return null;
  if (frameIds.length === 1) return `the whole of message #${messageId} (one frame)`;
  return `fragment ${k + 1} of ${frameIds.length} of message #${messageId}`;
}

export function FragmentNote({ frameId, messageId }: { frameId: number; messageId: number | null }) {
  const controller = useController();
  const frameIds = useCaptureData(
    useCallback(
      // a view, not a copy: a message may have 400,000 fragments
      (d: CaptureData) => (messageId == null || !d.messages.has(messageId) ? null : d.messages.frameIdsOf(messageId)),
      [messageId],
    ),
  );
  if (messageId == null) {
    return (
      <div className="fragment-note muted" data-testid="fragment-note">
        Not part of a complete message (its message never ended in the capture).
      </div>
    );
  }
  const text = frameIds ? fragmentText(frameIds, frameId, messageId) : null;
  if (!text) return null;
  return (
    <div className="fragment-note" data-testid="fragment-note">
      This frame is {text}.{' '}
      <button type="button" className="link" onClick={() => controller.selectMessage(messageId, 'payload')}>
        show the message
      </button>
    </div>
  );
}

/** Frames listed at first; "show more" multiplies (a message may have 400,000 fragments). */
const FIRST_FRAMES = 50;

export function MessageFrames({ messageId, selectedFrameId }: { messageId: number; selectedFrameId: number | null }) {
  const controller = useController();
  const [limit, setLimit] = useState(FIRST_FRAMES);
  const { frames, total } = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        const ids = d.messages.has(messageId) ? d.messages.frameIdsOf(messageId) : new Int32Array(0);
        const frames = Array.from(ids.subarray(0, limit))
          .map((id) => d.frames.row(id))
          .filter((r) => r != null)
          .map((r) => ({ ...r, lengthText: d.frames.lengthText(r.id) }));
        return { frames, total: ids.length };
      },
      [messageId, limit],
    ),
  );
  if (frames.length === 0) return null;
  return (
    <div className="message-frames" data-testid="message-frames">
      <h4>
        Sent in {formatCount(total)} frame{total === 1 ? '' : 's'}
      </h4>
      <ol>
        {frames.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="link"
              aria-current={f.id === selectedFrameId ? 'true' : undefined}
              onClick={() => void controller.selectFrame(f.id, 'frame')}
            >
              frame #{f.id}
            </button>{' '}
            <span className="mono">
              {DIRECTION_ARROW[f.direction]} {opcodeName(f.opcode)} · FIN={f.fin ? 1 : 0} · RSV={f.rsv} ·{' '}
              {byteCount(f.lengthText)}
            </span>
          </li>
        ))}
      </ol>
      {total > frames.length ? (
        <button type="button" className="link" onClick={() => setLimit(limit * 10)}>
          show {formatCount(Math.min(total - frames.length, limit * 9))} more of {formatCount(total)}
        </button>
      ) : null}
    </div>
  );
}
