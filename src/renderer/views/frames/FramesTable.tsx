// Frames table: @tanstack/react-table v9 for headers, cells, sorting and filter state; only the
// visible rows exist as objects or in the DOM (a million frames scroll like ten).
//
// Rules
// - Frames live in typed-array columns (FrameColumns); FrameRow objects exist only for the rows
//   on screen, and react-table is handed only those (it keeps the sorting/filter state).
// - The columns are row-schema.ts's FRAME_TABLE (columns.tsx); the order is one Int32Array
//   (frame-order.ts); rows have a fixed height and are windowed by hand (use-grid-window.ts).
// - Payloads are not here: the selected row's bytes are fetched on demand.
// - The table never owns selection: `selectedId` comes in, `onSelect` goes out.
// - Keyboard (keys.ts): ↑/↓ move, PgUp/PgDn jump a page, Home/End, Enter opens the bit view.
// - ARIA grid over divs (a virtualized <table> cannot keep its layout): focus stays on the grid
//   and the selected row carries aria-selected, so rows and cells are not focusable themselves.
// biome-ignore-all lint/a11y/useSemanticElements: virtualized ARIA grid, see above
// biome-ignore-all lint/a11y/useFocusableInteractive: focus stays on the grid, see above

import { type ColumnFiltersState, type SortingState, useTable } from '@tanstack/react-table';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Placeholder } from '../../components/Card.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { type FrameOrder, idAt, indexOfFrame, orderFrames } from '../../model/frame-order.js';
import { formatCount, type TimeMode } from '../../model/labels.js';
import type { IdList } from '../../model/message-columns.js';
import { FRAME_TABLE, type FrameRow, type FrameTableColumn } from '../../worker/row-schema.js';
import { ColumnFilter, features, makeColumns, widthOf } from './columns.js';
import { gridKey } from './keys.js';
import { useCompact } from './use-compact.js';
import { readAhead, rowTop, useGridWindow } from './use-grid-window.js';

/** Below this width (in em of the grid's font) RSV and MASK give way to the summary. */
const COMPACT_EM = 44;

const DEFS = new Map<string, FrameTableColumn>(FRAME_TABLE.map((c) => [c.id, c]));

/** The frames to show; a new object whenever they change (useCaptureData makes one per version). */
export interface FrameSet {
  /** Every frame's columns (CaptureData.frames). */
  frames: FrameColumns;
  /** The frame ids to show, in arrival order (a connection's, or the search results). */
  ids: IdList;
}

export interface FramesTableProps {
  rows: FrameSet;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onOpen: (id: number) => void;
  timeMode: TimeMode;
  origin: number;
  /** Show the connection column (search results span connections). */
  showConnection: boolean;
  /** What to say when there are no rows at all. */
  emptyText?: string;
  /** Frame ids that matched the search, to embolden their summary. */
  matches?: ReadonlySet<number> | null;
  rowHeight: number;
}

export function FramesTable(props: FramesTableProps) {
  const { rows, selectedId, onSelect, onOpen, timeMode, origin, showConnection, matches, rowHeight } = props;
  const { frames, ids } = rows;
  const emptyText = props.emptyText ?? 'No WebSocket frames.';
  // react-table holds the sorting and filter state and renders headers and cells, but is handed
  // only the rows on screen (manual sorting/filtering): the order itself is frame-order.ts.
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const orderRef = useRef<FrameOrder | null>(null);
  const order = useMemo(() => {
    // sorted or filtered by summary, ranks and matches are asked of the worker (their answer
    // re-renders the table)
    const next = orderFrames(rows.frames, rows.ids, sorting, columnFilters, orderRef.current);
    orderRef.current = next;
    return next;
  }, [rows, sorting, columnFilters]);
  const count = order.count;
  // The list's length when the order was made: the list grows in place as batches arrive, and a
  // render in between (a key, a selection) must not pair this order's count with a newer length
  // ("127,000 of 1,000,002 frames" for a table that is not filtered).
  const total = order.seen;
  const selectedIndex = useMemo(() => (selectedId == null ? -1 : indexOfFrame(order, selectedId)), [order, selectedId]);

  const grid = useGridWindow(count, rowHeight, selectedIndex);
  const compact = useCompact(grid.scrollRef, COMPACT_EM);
  const columns = useMemo(
    () => makeColumns(frames, { timeMode, origin, showConnection, compact }),
    [frames, timeMode, origin, showConnection, compact],
  );
  const { first, last } = grid;
  const visible = useMemo(() => {
    const out: FrameRow[] = [];
    for (let k = first; k < last; k++) {
      const row = frames.row(idAt(order, k));
      if (row) out.push(row);
    }
    return out;
  }, [frames, order, first, last]);
  useEffect(
    () => readAhead(first, last, count, (k) => frames.wantSummary(idAt(order, k))),
    [frames, order, first, last, count],
  );

  const table = useTable({
    features,
    columns,
    data: visible,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    manualFiltering: true,
    state: { sorting, columnFilters },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const action = gridKey(e.key, selectedIndex, count, grid.pageRows());
    if (action == null) return;
    e.preventDefault();
    if (action !== 'open') onSelect(idAt(order, action));
    else if (selectedIndex >= 0) onOpen(idAt(order, selectedIndex));
  };

  const headers = table.getHeaderGroups()[0].headers;
  const largestId = total > 0 ? ids.at(total - 1) : 0;
  let lengthChars = 0;
  for (const r of visible) lengthChars = Math.max(lengthChars, frames.lengthText(r.id).length);
  const width = (id: string) => widthOf(DEFS.get(id), largestId, lengthChars);
  const grows = (id: string) => !DEFS.get(id)?.width;

  return (
    <>
      <div
        className="grid-scroll"
        ref={grid.scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="Frames"
        aria-rowcount={count}
        onKeyDown={onKeyDown}
      >
        <div className="grid-head" role="row">
          {headers.map((header) => {
            const sorted = header.column.getIsSorted();
            // sorted by summary, its order not come yet from the worker: the rows are still in the
            // order they had, so the header says it is on its way rather than show it done
            const pending = sorted !== false && order.waiting === true && header.id === 'summary';
            const sort = pending ? 'none' : sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: sorting is also reachable by the filter row
              <div
                key={header.id}
                role="columnheader"
                className={`grid-cell ${grows(header.id) ? 'grow' : ''}`}
                style={width(header.id)}
                onClick={header.column.getToggleSortingHandler()}
                aria-sort={sort}
                aria-busy={pending || undefined}
                title="click to sort"
              >
                <table.FlexRender header={header} />
                {pending ? (
                  <span
                    className="sort-pending"
                    role="img"
                    aria-label={`sorting ${sorted === 'asc' ? 'ascending' : 'descending'}, waiting for the order`}
                  >
                    {sorted === 'asc' ? '△' : '▽'}
                  </span>
                ) : sorted === 'asc' ? (
                  ' ▲'
                ) : sorted === 'desc' ? (
                  ' ▼'
                ) : (
                  ''
                )}
              </div>
            );
          })}
        </div>
        <div className="grid-filters" role="row">
          {headers.map((header) => (
            <div
              key={header.id}
              role="gridcell"
              className={`grid-cell ${grows(header.id) ? 'grow' : ''}`}
              style={width(header.id)}
            >
              <ColumnFilter
                def={DEFS.get(header.id)!}
                value={(header.column.getFilterValue() as string | undefined) ?? ''}
                onChange={(v) => header.column.setFilterValue(v || undefined)}
              />
            </div>
          ))}
        </div>
        {total === 0 ? <Placeholder>{emptyText}</Placeholder> : null}
        <div ref={grid.bodyRef} style={{ height: grid.bodyHeight, position: 'relative' }}>
          {table.getRowModel().rows.map((row, i) => {
            const f = row.original;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles keys for all rows
              <div
                key={row.id}
                role="row"
                className={`grid-row${matches?.has(f.id) ? ' match' : ''}`}
                aria-selected={f.id === selectedId}
                aria-rowindex={first + i + 1}
                data-frame={f.id}
                style={{ height: rowHeight, transform: `translateY(${rowTop(grid, first + i, rowHeight)}px)` }}
                onClick={() => onSelect(f.id)}
                onDoubleClick={() => onOpen(f.id)}
              >
                {row.getAllCells().map((cell) => (
                  <div
                    key={cell.id}
                    role="gridcell"
                    className={`grid-cell ${grows(cell.column.id) ? 'grow summary' : ''} ${
                      DEFS.get(cell.column.id)?.alignRight ? 'num' : ''
                    }`}
                    style={width(cell.column.id)}
                    // a length cut by a narrow column stays readable in full (exactly)
                    title={cell.column.id === 'payloadLength' ? frames.lengthText(f.id) : undefined}
                  >
                    <table.FlexRender cell={cell} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <div className="grid-footer">
        {count === total ? `${formatCount(total)} frames` : `${formatCount(count)} of ${formatCount(total)} frames`}
        {order.waiting
          ? ` · ${sorting.some((s) => s.id === 'summary') ? 'sorting' : 'filtering'} by summary…`
          : ' · ↑↓ select, Enter opens the bits, click a header to sort'}
      </div>
    </>
  );
}
