// The red marks of the shown frame (frame/finding-marks.ts): its own findings and its message's,
// with an invalid UTF-8 text message's break located in this frame's part of the payload (the
// frames before it in the message are read from the frame columns).

import { useCallback, useMemo } from 'react';
import type { FindingCode } from '../../../decoder/index.js';
import type { CaptureData } from '../../model/capture-data.js';
import { useCaptureData } from '../../model/use-capture-data.js';
import type { FrameDetail } from '../../worker/protocol.js';
import { type FindingMarks, findingMarks, NO_MARKS, utf8BreakInFrame } from '../frame/finding-marks.js';

export function useFrameMarks(detail: FrameDetail | null): FindingMarks {
  const frameId = detail?.frame.id ?? null;
  const messageId = detail?.message?.message.id ?? null;
  // Where this frame's payload starts in its message: the lengths of the frames before it.
  const start = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        if (frameId == null || messageId == null) return 0;
        let at = 0;
        if (!d.messages.has(messageId)) return 0;
        for (const id of d.messages.frameIdsOf(messageId)) {
          if (id === frameId) break;
          at += d.frames.cols.payloadLength[id] ?? 0;
        }
        return at;
      },
      [frameId, messageId],
    ),
  );
  return useMemo(() => {
    if (!detail) return NO_MARKS;
    const { frame, message } = detail;
    const codes: FindingCode[] = [...frame.findings, ...(message?.message.findings ?? [])];
    if (codes.length === 0) return NO_MARKS;
    // Compressed bytes on the wire do not map to the text's bytes: no UTF-8 mark there.
    const utf8 =
      message && !message.message.compressed && codes.includes('message.invalid-utf8')
        ? utf8BreakInFrame(message.message.payload, start, frame.payload.length)
        : [];
    return findingMarks(frame, codes, utf8);
  }, [detail, start]);
}
