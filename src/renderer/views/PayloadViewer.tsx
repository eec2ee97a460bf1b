// Payload viewer: text, JSON (pretty-printed, foldable) or a hex dump with offsets.
//
// Rules
// - Payloads are rendered as TEXT nodes only (React escapes them); never as HTML, so a capture
//   whose messages carry markup or script cannot run anything here.
// - Big payloads stay responsive: we render the first SHOW_TEXT characters / SHOW_HEX bytes and
//   grow on "show more"; JSON trees render at most CHILD_LIMIT children per node at first.

import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { asciiChar, BYTES_PER_LINE, hexByte, offsetText, visibleControls } from '../../decoder/index.js';
import { Placeholder } from '../components/Card.js';
import { type ContentKind, parseJson, sniffContentKind } from '../model/content-kind.js';
import { formatBytes } from '../model/labels.js';
import type { SearchQuery } from '../model/search-query.js';
import { Highlighted } from './messages/Highlighted.js';

const SHOW_TEXT = 16 * 1024;
const SHOW_HEX = 4 * 1024;
const CHILD_LIMIT = 200;
const utf8 = new TextDecoder();

export type PayloadMode = 'text' | 'json' | 'hex';

export function HexDump({ bytes, limit }: { bytes: Uint8Array; limit: number }) {
  const n = Math.min(limit, bytes.length);
  const lines: string[] = [];
  for (let off = 0; off < n; off += BYTES_PER_LINE) {
    const end = Math.min(off + BYTES_PER_LINE, n);
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + BYTES_PER_LINE; i++) {
      hex += i < end ? `${hexByte(bytes[i])} ` : '   ';
      if (i - off === 7) hex += ' ';
      if (i < end) ascii += asciiChar(bytes[i]);
    }
    lines.push(`${offsetText(off, bytes.length)}  ${hex} ${ascii}`);
  }
  return (
    <pre className="hex" data-testid="hex-dump">
      {lines.join('\n')}
    </pre>
  );
}

function JsonValue({ value, name, depth }: { value: unknown; name?: string; depth: number }) {
  const [limit, setLimit] = useState(CHILD_LIMIT);
  const label = name != null ? <span className="json-key">{JSON.stringify(name)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    const cls = typeof value === 'string' ? 'json-str' : typeof value === 'number' ? 'json-num' : 'json-lit';
    return (
      <div className="row">
        {label}
        <span className={cls}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string | undefined, unknown][] = isArray
    ? (value as unknown[]).map((v) => [undefined, v])
    : Object.entries(value as Record<string, unknown>);
  const open = isArray ? '[' : '{';
  const close = isArray ? ']' : '}';
  return (
    <details open={depth < 3}>
      <summary>
        {label}
        {open}
        <span className="muted">
          {' '}
          {entries.length} {isArray ? 'items' : 'keys'}{' '}
        </span>
      </summary>
      {entries.slice(0, limit).map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: JSON positions are the identity
        <JsonValue key={i} name={k} value={v} depth={depth + 1} />
      ))}
      {entries.length > limit ? (
        <button type="button" className="link" onClick={() => setLimit(limit * 4)}>
          show {Math.min(entries.length - limit, limit * 3)} more
        </button>
      ) : null}
      <div>{close}</div>
    </details>
  );
}

export function JsonTree({ text }: { text: string }) {
  const value = useMemo(() => parseJson(text), [text]);
  if (value === undefined) return <Placeholder>not valid JSON</Placeholder>;
  return (
    <div className="json-tree" data-testid="json-tree">
      <JsonValue value={value} depth={0} />
    </div>
  );
}

export function PayloadViewer({
  payload,
  text,
  fullLength,
  cut,
  onLoadAll,
  title,
  highlight = null,
  after,
}: {
  /** The search, to mark its matches in the text. */
  highlight?: SearchQuery | null;
  /** Shown under the payload (a message's frames). */
  after?: ReactNode;
  payload: Uint8Array;
  /** Decoded text for text messages (from the decoder), else null. */
  text: string | null;
  fullLength: number;
  cut: boolean;
  onLoadAll?: () => void;
  title?: ReactNode;
}) {
  const kind: ContentKind = useMemo(() => sniffContentKind(payload, text), [payload, text]);
  const [mode, setMode] = useState<PayloadMode>(kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text');
  const [shown, setShown] = useState(1);
  // A new payload starts in its own best mode, at the first page.
  useEffect(() => {
    setMode(kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text');
    setShown(1);
  }, [kind]);
  const asText = useMemo(() => text ?? utf8.decode(payload), [payload, text]);

  if (fullLength === 0) return <Placeholder>Empty payload (0 bytes).</Placeholder>;
  const limitText = SHOW_TEXT * shown;
  const limitHex = SHOW_HEX * shown;
  const more = mode === 'hex' ? payload.length > limitHex : mode === 'text' ? asText.length > limitText : false;
  return (
    <div data-testid="payload-viewer">
      <div className="frames-toolbar">
        {title}
        <span>
          {formatBytes(fullLength)} · {kind}
        </span>
        <span className="spacer" />
        {(['text', 'json', 'hex'] as const).map((m) => (
          <button
            type="button"
            key={m}
            aria-pressed={mode === m}
            disabled={m === 'json' && kind !== 'json'}
            onClick={() => setMode(m)}
            style={mode === m ? { borderColor: 'var(--accent)', fontWeight: 600 } : undefined}
          >
            {m === 'hex' ? 'Hex' : m === 'json' ? 'JSON' : 'Text'}
          </button>
        ))}
      </div>
      <div style={{ padding: '0.5em 0.6em' }}>
        {mode === 'json' ? (
          <JsonTree text={asText} />
        ) : mode === 'hex' ? (
          <HexDump bytes={payload} limit={limitHex} />
        ) : (
          <pre className="payload-text" data-testid="payload-text">
            {/* Isolated, with bidi and C1 controls as visible marks: a payload cannot reorder the page. */}
            <bdi>
              <Highlighted
                text={visibleControls(asText.length > limitText ? asText.slice(0, limitText) : asText)}
                query={highlight}
              />
            </bdi>
          </pre>
        )}
        {more || cut ? (
          <div style={{ marginTop: '0.5em' }}>
            {more ? (
              <button type="button" onClick={() => setShown(shown * 4)}>
                show more
              </button>
            ) : null}{' '}
            {cut && !more && onLoadAll ? (
              <button type="button" onClick={onLoadAll}>
                load the remaining {formatBytes(fullLength - payload.length)}
              </button>
            ) : null}
          </div>
        ) : null}
        {after}
      </div>
    </div>
  );
}
