// A decrypted frame's bytes as they crossed the wire: each TLS record they came from, as captured
// (record header, explicit nonce or IV, encrypted bytes, then tag/MAC and what else the record
// protects) beside its plaintext, the frame's own bytes highlighted in both. AEAD and CBC keep
// plaintext byte i at ciphertext byte i, so the same positions light up on both sides.
//
// The worker keeps no record bytes: it reads the capture again up to the frame when this opens
// (controller.frameCiphertext → FrameCiphertextFinder), so a long capture may take a moment.

import { useEffect, useState } from 'react';
import { asciiChar, BYTES_PER_LINE, type CiphertextRecord, hexByte, offsetText } from '../../../decoder/index.js';
import { useController } from '../../model/context.js';
import { formatBytes } from '../../model/labels.js';
import type { FrameCiphertext } from '../../worker/protocol.js';

/**
 * Bytes shown per side and record: from the line before the frame, at least MIN_WINDOW and up to
 * MAX_WINDOW to cover the frame (a 16 KiB record would be 1,000 lines).
 */
const MIN_WINDOW = 256;
const MAX_WINDOW = 2048;

export function TlsRecordsView({ frameId }: { frameId: number }) {
  const controller = useController();
  const [result, setResult] = useState<FrameCiphertext | null>(null);
  useEffect(() => {
    let live = true;
    setResult(null);
    void controller.frameCiphertext(frameId).then((r) => {
      if (live) setResult(r ?? { unavailable: 'the decoder is gone' });
    });
    return () => {
      live = false;
    };
  }, [controller, frameId]);
  if (!result) return <div className="muted">Reading the capture again for this frame's TLS records…</div>;
  if ('unavailable' in result) {
    return (
      <div className="muted" data-testid="tls-records-unavailable">
        TLS records not shown: {result.unavailable}.
      </div>
    );
  }
  return (
    <div data-testid="tls-records">
      {result.records.map((r) => (
        <RecordPair key={r.tcpOffset} record={r} />
      ))}
    </div>
  );
}

function RecordPair({ record: r }: { record: CiphertextRecord }) {
  const wire = new Uint8Array(5 + r.body.length);
  wire.set(r.header, 0);
  wire.set(r.body, 5);
  const start = 5 + r.contentOffset;
  const end = start + r.content.length;
  const trailer = wire.length - end;
  const kind = (i: number): string => {
    if (i >= start + r.from && i < start + r.to) return 'b hl';
    if (i < 5) return 'b tls-head';
    if (i < start) return 'b tls-iv';
    if (i >= end) return 'b tls-tag';
    return 'b';
  };
  return (
    <div className="tls-record">
      <div className="muted" style={{ fontSize: '0.8em' }}>
        Record at TCP stream offset {r.tcpOffset}: <span className="tls-head">header 5 B</span>
        {r.contentOffset > 0 ? (
          <>
            {' '}
            + <span className="tls-iv">nonce/IV {r.contentOffset} B</span>
          </>
        ) : null}{' '}
        + encrypted {formatBytes(r.content.length)} + <span className="tls-tag">{trailer} B after the content</span>{' '}
        (tag or MAC, padding, TLS 1.3's inner type). This frame: content bytes {r.from}–{r.to - 1},{' '}
        <span className="hl">highlighted</span>.
      </div>
      <div className="tls-pair">
        <div>
          <div className="muted">as captured (ciphertext)</div>
          <Dump bytes={wire} classOf={kind} focus={start + r.from} focusEnd={start + r.to} testId="tls-cipher-hex" />
        </div>
        <div>
          <div className="muted">decrypted (plaintext)</div>
          <Dump
            bytes={r.content}
            classOf={(i) => (i >= r.from && i < r.to ? 'b hl' : 'b')}
            focus={r.from}
            focusEnd={r.to}
            testId="tls-plain-hex"
          />
        </div>
      </div>
    </div>
  );
}

/** A hex dump of the part of `bytes` around [focus, focusEnd) (see MIN_WINDOW). */
function Dump({
  bytes,
  classOf,
  focus,
  focusEnd,
  testId,
}: {
  bytes: Uint8Array;
  classOf: (i: number) => string;
  focus: number;
  focusEnd: number;
  testId: string;
}) {
  const from = Math.max(0, Math.floor(focus / BYTES_PER_LINE) * BYTES_PER_LINE - BYTES_PER_LINE);
  const want = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, focusEnd + BYTES_PER_LINE - from));
  const to = Math.min(bytes.length, from + want);
  const lines: number[] = [];
  for (let off = from; off < to; off += BYTES_PER_LINE) lines.push(off);
  return (
    <div className="hex" data-testid={testId}>
      {from > 0 ? <div className="muted">… {formatBytes(from)} before</div> : null}
      {lines.map((off) => {
        const idx = Array.from({ length: Math.min(BYTES_PER_LINE, to - off) }, (_, k) => off + k);
        return (
          <div key={off}>
            <span className="off">{offsetText(off, bytes.length)}</span>
            {idx.map((i) => (
              <span key={i} className={classOf(i)}>
                {hexByte(bytes[i] as number)}
              </span>
            ))}
            {' '.repeat((BYTES_PER_LINE - idx.length) * 3)}
            <span className="a">{idx.map((i) => asciiChar(bytes[i] as number)).join('')}</span>
          </div>
        );
      })}
      {to < bytes.length ? <div className="muted">… {formatBytes(bytes.length - to)} more</div> : null}
    </div>
  );
}
