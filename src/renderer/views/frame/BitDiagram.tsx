// The header drawn as RFC 6455 §5.2 draws it, 32 bits a row, each field a cell coloured by its
// registered group with its real bit values; and the field list below it (Wireshark's packet
// details pane). Both are driven only by FrameRecord.fields and the field registry.

import type { FrameField, FrameRecord } from '../../../decoder/index.js';
import { type FindingMarks, NO_MARKS } from './finding-marks.js';
import {
  BITS_PER_ROW,
  bitRows,
  defOf,
  dottedBits,
  fieldBits,
  fieldClass,
  fieldTitle,
  isHeaderField,
} from './layout.js';

/** The diagram and the field list light the same field: the one under the pointer in either. */
interface FieldViewProps {
  frame: FrameRecord;
  hoverKey: string | null;
  onHover: (key: string | null) => void;
  /** Bits that break a rule, drawn in red (finding-marks.ts). */
  marks?: FindingMarks;
  /** A field was selected (click, or Enter on the field list): explain it. */
  onExplain?: (field: FrameField) => void;
}

/** A field's bits as sent, each offending bit in red. */
function MarkedBits({ bits, from, marks }: { bits: string; from: number; marks: FindingMarks }) {
  if (marks.bits.size === 0) return <>{bits}</>;
  return (
    <>
      {[...bits].map((b, i) =>
        marks.bits.has(from + i) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
          <span key={i} className="bad-bit" title="this bit breaks a rule (see the findings)">
            {b}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
          <span key={i}>{b}</span>
        ),
      )}
    </>
  );
}

export function BitDiagram({ frame, hoverKey, onHover, marks = NO_MARKS, onExplain }: FieldViewProps) {
  const rows = bitRows(frame);
  const payloadField = frame.fields.find((f) => !isHeaderField(f));
  return (
    <table className="bits" data-testid="bit-diagram" aria-label="Frame header bits (RFC 6455 §5.2)">
      <thead>
        {/* Bit numbers as RFC 6455 §5.2 prints them: tens on one row, units on the next. */}
        <tr>
          {Array.from({ length: BITS_PER_ROW }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
            <th key={i}>{i % 10 === 0 ? i / 10 : ''}</th>
          ))}
        </tr>
        <tr>
          {Array.from({ length: BITS_PER_ROW }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
            <th key={i}>{i % 10}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((segs, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: row position is the identity
          <tr key={r}>
            {segs.map((seg) => {
              if (!seg.field) {
                const key = payloadField?.key ?? 'websocket.payload';
                return (
                  <td
                    key={seg.start}
                    colSpan={seg.length}
                    className={`f-payload${hoverKey === key ? ' hl' : ''}`}
                    onMouseEnter={() => onHover(key)}
                    onMouseLeave={() => onHover(null)}
                  >
                    <span className="label">Payload data…</span>
                  </td>
                );
              }
              const f = seg.field;
              const name = defOf(f).name;
              const bits = fieldBits(frame.header, f).slice(
                seg.start - f.bitOffset,
                seg.start - f.bitOffset + seg.length,
              );
              const continued = seg.start > f.bitOffset;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the field list below is the keyboard path to the same explanation
                <td
                  key={seg.start}
                  colSpan={seg.length}
                  className={`${fieldClass(f)}${hoverKey === f.key ? ' hl' : ''}${marks.fields.has(f.key) ? ' bad' : ''}`}
                  data-field={f.key}
                  title={fieldTitle(f)}
                  onMouseEnter={() => onHover(f.key)}
                  onMouseLeave={() => onHover(null)}
                  onClick={() => onExplain?.(f)}
                >
                  {seg.length <= 2 && !continued ? (
                    // One-bit fields are too narrow for a name: stack its letters, as the RFC does.
                    <span className="label stacked">
                      {[...name].map((ch, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: letters are positional
                        <span key={i}>{ch}</span>
                      ))}
                    </span>
                  ) : (
                    <span className="label">
                      {name}
                      {continued ? ' (cont.)' : ''}
                    </span>
                  )}
                  <span className="bitvals">
                    <MarkedBits bits={bits} from={seg.start} marks={marks} />
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
        {payloadField ? (
          <tr>
            <td
              colSpan={BITS_PER_ROW}
              className={`f-payload${hoverKey === payloadField.key ? ' hl' : ''}`}
              onMouseEnter={() => onHover(payloadField.key)}
              onMouseLeave={() => onHover(null)}
            >
              <span className="label">
                {defOf(payloadField).name}: {payloadField.display}
              </span>
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

export function FieldList({ frame, hoverKey, onHover, marks = NO_MARKS, onExplain }: FieldViewProps) {
  return (
    <table className="kv field-list">
      <tbody>
        {frame.fields.map((f: FrameField) => {
          const def = defOf(f);
          return (
            <tr
              key={f.key}
              className={`${hoverKey === f.key ? 'hl' : ''}${marks.fields.has(f.key) ? ' bad' : ''}` || undefined}
              onMouseEnter={() => onHover(f.key)}
              onMouseLeave={() => onHover(null)}
              title={`${def.rfc}: ${def.blurb}`}
            >
              <th>
                <span className={`op-dot ${fieldClass(f)}`} />
                {onExplain ? (
                  <button
                    type="button"
                    className="link field-name"
                    onClick={() => onExplain(f)}
                    onFocus={() => onHover(f.key)}
                    onBlur={() => onHover(null)}
                    title="explain this field"
                  >
                    {def.name}
                  </button>
                ) : (
                  def.name
                )}
                {marks.fields.has(f.key) ? (
                  <span className="warn-dot" title={marks.fields.get(f.key)!.join(', ')}>
                    {' '}
                    ⚠
                  </span>
                ) : null}
              </th>
              <td>{dottedBits(f, fieldBits(frame.header, f))}</td>
              <td>{f.display}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
