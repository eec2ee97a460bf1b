// Messages table: one row per message as the application received it (defragmented, inflated,
// UTF-8 decoded), beside the frames table (frames as on the wire). Windowed like the frames table
// (use-grid-window.ts): only the rows on screen exist as objects or in the DOM.
//
// - A row carries its frame count, its size as received and on the wire (⇲ = compressed), its
//   findings as ⚠ with their codes (an invalid UTF-8 text message is marked on its own row), and
//   its payload preview: text, a close message as "1000 bye", else the first bytes in hex.
// - Search matches are marked in the preview (<mark>).
// - Keyboard as the frames grid (keys.ts): ↑/↓, PgUp/PgDn, Home/End, Enter opens the payload.
// - ARIA grid over divs: focus stays on the grid, the selected row carries aria-selected.
// biome-ignore-all lint/a11y/useSemanticElements: virtualized ARIA grid, see above
// biome-ignore-all lint/a11y/useFocusableInteractive: focus stays on the grid, see above

import { type KeyboardEvent, useEffect, useMemo } from 'react';
import type { FindingCode } from '../../../decoder/index.js';
import { Placeholder } from '../../components/Card.js';
import { formatCount, type TimeMode, TYPE_COLOR_VAR } from '../../model/labels.js';
import type { IdList, MessageColumns } from '../../model/message-columns.js';
import type { SearchQuery } from '../../model/search-query.js';
import type { MessageRow } from '../../worker/row-schema.js';
import { gridKey } from '../frames/keys.js';
import { useCompact } from '../frames/use-compact.js';
import { readAhead, rowTop, useGridWindow } from '../frames/use-grid-window.js';
import { Highlighted } from './Highlighted.js';
import { type MessageTableColumn, shownMessageColumns } from './message-table-columns.js';

/** Below this width (in em of the grid's font) time, frames and wire size give way to the payload. */
const COMPACT_EM = 46;

export interface MessageSet {
  messages: MessageColumns;
  /** The message ids to show, in arrival order. */
  ids: IdList;
}

export interface MessagesTableProps {
  rows: MessageSet;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onOpen: (id: number) => void;
  timeMode: TimeMode;
  origin: number;
  showConnection: boolean;
  /** Finding codes of each message that has any. */
  findingsOf: (id: number) => readonly FindingCode[];
  /** The search, to mark its matches in the previews. */
  query: SearchQuery | null;
  rowHeight: number;
  emptyText: string;
}

export function MessagesTable(props: MessagesTableProps) {
  const { rows, selectedId, onSelect, onOpen, timeMode, origin, showConnection, findingsOf, query, rowHeight } = props;
  const { messages, ids } = rows;
  const count = ids.length;
  const selectedIndex = useMemo(() => {
    if (selectedId == null) return -1;
    for (let i = 0; i < ids.length; i++) if (ids.at(i) === selectedId) return i;
    return -1;
  }, [ids, selectedId]);
  const grid = useGridWindow(count, rowHeight, selectedIndex);
  const compact = useCompact(grid.scrollRef, COMPACT_EM);
  const columns = useMemo(() => shownMessageColumns({ showConnection, compact }), [showConnection, compact]);
  const { first, last } = grid;
  // Made again for each published version (a new `rows`): a row sent without its preview gets it
  // in a later version (MessageColumns.row), in the same columns and id list.
  const visible = useMemo(() => {
    const out: MessageRow[] = [];
    for (let k = first; k < last; k++) {
      // without frame ids (the Frames column reads the count): one message may have 400,000
      const row = rows.messages.row(rows.ids.at(k), false);
      if (row) out.push(row);
    }
    return out;
  }, [rows, first, last]);
  useEffect(
    () => readAhead(first, last, rows.ids.length, (k) => rows.messages.wantPreview(rows.ids.at(k))),
    [rows, first, last],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const action = gridKey(e.key, selectedIndex, count, grid.pageRows());
    if (action == null) return;
    e.preventDefault();
    if (action !== 'open') onSelect(ids.at(action));
    else if (selectedIndex >= 0) onOpen(ids.at(selectedIndex));
  };
  const ctx = { timeMode, origin, wireText: (id: number) => messages.wireLengthText(id) };
  // Size columns grow to their longest visible value (a 64-bit length has 25 characters).
  const widths = new Map<string, number>();
  for (const c of columns) {
    if (!c.alignRight || !c.width) continue;
    let chars = 0;
    for (const m of visible) chars = Math.max(chars, c.text(m, ctx).length);
    widths.set(c.id, Math.max(c.width, chars * 0.62 + 1));
  }
  const style = (c: MessageTableColumn) => (c.width ? { width: `${widths.get(c.id) ?? c.width}em` } : undefined);
  const cls = (c: MessageTableColumn) => `grid-cell${c.width ? '' : ' grow summary'}${c.alignRight ? ' num' : ''}`;

  return (
    <>
      <div
        className="grid-scroll"
        ref={grid.scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="Messages"
        aria-rowcount={count}
        onKeyDown={onKeyDown}
        data-testid="messages-table"
      >
        <div className="grid-head" role="row">
          {columns.map((c) => (
            <div key={c.id} role="columnheader" className={cls(c)} style={style(c)} title={c.description}>
              {typeof c.header === 'function' ? c.header(timeMode) : c.header}
            </div>
          ))}
        </div>
        {count === 0 ? <Placeholder>{props.emptyText}</Placeholder> : null}
        <div ref={grid.bodyRef} style={{ height: grid.bodyHeight, position: 'relative' }}>
          {visible.map((m, i) => {
            const codes = m.findingCount > 0 ? findingsOf(m.id) : [];
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles keys for all rows
              <div
                key={m.id}
                role="row"
                className="grid-row"
                aria-selected={m.id === selectedId}
                aria-rowindex={first + i + 1}
                data-message={m.id}
                style={{ height: rowHeight, transform: `translateY(${rowTop(grid, first + i, rowHeight)}px)` }}
                onClick={() => onSelect(m.id)}
                onDoubleClick={() => onOpen(m.id)}
              >
                {columns.map((c) => (
                  <div
                    key={c.id}
                    role="gridcell"
                    className={cls(c)}
                    style={style(c)}
                    // a cut value is still readable in full
                    title={c.id === 'type' ? undefined : c.text(m, ctx)}
                  >
                    {c.id === 'type' ? (
                      <span className="op-chip">
                        <span className="op-dot" style={{ background: TYPE_COLOR_VAR[m.type] }} />
                        {m.type}
                      </span>
                    ) : c.id === 'payload' ? (
                      <>
                        {m.findingCount > 0 ? (
                          <span
                            className="warn-dot"
                            title={codes.join(', ') || `${m.findingCount} findings`}
                            data-testid="message-finding"
                          >
                            ⚠{' '}
                          </span>
                        ) : null}
                        {m.complete ? null : (
                          <span className="warn-dot" title="bytes of this message were not captured">
                            ✂{' '}
                          </span>
                        )}
                        <bdi>
                          <Highlighted text={m.preview} query={query} />
                        </bdi>
                      </>
                    ) : (
                      c.text(m, ctx)
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <div className="grid-footer">
        {`${formatCount(count)} message${count === 1 ? '' : 's'} · ↑↓ select, Enter opens the payload`}
      </div>
    </>
  );
}
