// Frames table: @tanstack/react-table v9 for columns, sorting and filter state; only the visible
// rows exist as objects or in the DOM (a million frames scroll like ten).
//
// Rules
// - Frames live in typed-array columns (FrameColumns); FrameRow objects exist only for the rows
//   on screen, and react-table is handed only those (it keeps the sorting/filter state).
// - The order is one Int32Array (frame-order.ts); rows have a fixed height and are windowed by
//   hand (no per-row measurement).
// - Payloads are not here: the selected row's bytes are fetched on demand.
// - The table never owns selection: `selectedId` comes in, `onSelect` goes out.
// - Keyboard: ↑/↓ move, PgUp/PgDn jump a page, Home/End, Enter opens the frame's bit view.
// - ARIA grid over divs (a virtualized <table> cannot keep its layout): focus stays on the grid
//   and the selected row carries aria-selected, so rows and cells are not focusable themselves.
// biome-ignore-all lint/a11y/useSemanticElements: virtualized ARIA grid, see above
// biome-ignore-all lint/a11y/useFocusableInteractive: focus stays on the grid, see above

import {
  type ColumnFiltersState,
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_equalsString,
  filterFn_includesString,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Placeholder } from '../../components/Card.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { type FrameOrder, idAt, indexOfFrame, orderFrames } from '../../model/frame-order.js';
import {
  DIRECTION_ARROW,
  formatCount,
  formatTime,
  opcodeName,
  opcodeType,
  type TimeMode,
  TYPE_COLOR_VAR,
} from '../../model/labels.js';
import type { IdList } from '../../model/message-columns.js';
import type { FrameRow } from '../../worker/row-schema.js';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
  columnFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  filterFns: { equalsString: filterFn_equalsString, includesString: filterFn_includesString },
});

const helper = createColumnHelper<typeof features, FrameRow>();

/** Column widths in em (the font-size control scales them). `grow` takes the rest. */
const WIDTH: Record<string, number> = {
  id: 3.4,
  conn: 2.4,
  time: 6.4,
  direction: 2.8,
  fin: 2.8,
  rsv: 3.2,
  opcode: 5.6,
  masked: 4.2,
  payloadLength: 5.4,
};

/** Rows drawn beyond each edge of the viewport. */
const OVERSCAN = 12;

/** Tallest body we let the browser lay out (below Firefox's ~17.9M px cap on element height). */
const MAX_BODY_PX = 15_000_000;

/** Below this width (in em of the grid's font) RSV and MASK give way to the summary. */
const COMPACT_EM = 44;

/** Opcode names short enough for the column; the full name is in the cell's title. */
function shortOpcode(opcode: number): string {
  return opcode === 0 ? 'cont.' : opcodeName(opcode);
}

export interface FramesTableProps {
  /** Every frame's columns (CaptureData.frames). */
  frames: FrameColumns;
  /** The frame ids to show, in arrival order (a connection's, or the search results). */
  ids: IdList;
  /** Bumped when frames or ids mutate in place (see CaptureData). */
  version: number;
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
  const { frames, ids, version, selectedId, onSelect, onOpen, timeMode, origin, showConnection, matches, rowHeight } =
    props;
  const emptyText = props.emptyText ?? 'No WebSocket frames.';
  const scrollRef = useRef<HTMLDivElement>(null);
  const [compact, setCompact] = useState(false);

  // Narrow pane (a 1280×720 window at projector font size): drop RSV and MASK, keep the summary.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = () => {
      const em = Number.parseFloat(getComputedStyle(el.querySelector('.grid-head') ?? el).fontSize) || 12;
      setCompact(el.clientWidth / em < COMPACT_EM);
    };
    const ro = new ResizeObserver(check);
    ro.observe(el);
    check();
    return () => ro.disconnect();
  }, []);

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('id', { header: '#', sortFn: 'basic', sortDescFirst: true }),
        ...(showConnection
          ? [
              helper.accessor('connectionId', {
                id: 'conn',
                header: 'C',
                sortFn: 'basic',
                sortDescFirst: true,
                enableColumnFilter: false,
              }),
            ]
          : []),
        helper.accessor('time', {
          header: timeMode === 'relative' ? 'Time (s)' : 'Time (UTC)',
          sortFn: 'basic',
          sortDescFirst: true,
          cell: (info) => formatTime(info.getValue(), timeMode, origin),
          enableColumnFilter: false,
        }),
        helper.accessor('direction', {
          header: 'Dir',
          filterFn: 'equalsString',
          cell: (info) => (
            <span
              className={`dir-${info.getValue()}`}
              title={info.getValue() === 'client' ? 'client → server' : 'server → client'}
            >
              {DIRECTION_ARROW[info.getValue()]}
            </span>
          ),
        }),
        helper.accessor((r) => (r.fin ? '1' : '0'), { id: 'fin', header: 'FIN', filterFn: 'equalsString' }),
        ...(compact ? [] : [helper.accessor('rsv', { header: 'RSV', filterFn: 'equalsString' })]),
        helper.accessor((r) => opcodeName(r.opcode), {
          id: 'opcode',
          header: 'Opcode',
          filterFn: 'equalsString',
          cell: (info) => (
            <span className="op-chip" title={info.getValue()}>
              <span className="op-dot" style={{ background: TYPE_COLOR_VAR[opcodeType(info.row.original.opcode)] }} />
              {shortOpcode(info.row.original.opcode)}
            </span>
          ),
        }),
        ...(compact
          ? []
          : [
              helper.accessor((r) => (r.masked ? '1' : '0'), {
                id: 'masked',
                header: 'MASK',
                filterFn: 'equalsString',
              }),
            ]),
        helper.accessor('payloadLength', {
          header: 'Length',
          sortFn: 'basic',
          sortDescFirst: true,
          enableColumnFilter: false,
        }),
        helper.accessor('summary', {
          header: 'Summary',
          filterFn: 'includesString',
          sortFn: 'alphanumeric',
          cell: (info) => (
            <>
              {info.row.original.findingCount > 0 ? <span className="warn-dot">⚠ </span> : null}
              {info.row.original.complete ? null : <span className="warn-dot">✂ </span>}
              {info.getValue()}
            </>
          ),
        }),
      ]),
    [timeMode, origin, showConnection, compact],
  );

  // react-table holds the sorting and filter state and renders headers and cells, but is handed
  // only the rows on screen (manual sorting/filtering): the order itself is frame-order.ts.
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const orderRef = useRef<FrameOrder | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the change signal for rows
  const order = useMemo(() => {
    const next = orderFrames(frames, ids, sorting, columnFilters, orderRef.current);
    orderRef.current = next;
    return next;
  }, [frames, ids, version, sorting, columnFilters]);
  const count = order.count;

  // Plain windowing at a fixed row height. Browsers cap an element's height (Chromium ~33.5M px,
  // Firefox ~17.9M px): past MAX_BODY_PX the spacer stays at that height and scrolling maps
  // proportionally onto the rows, which are placed relative to the scroll position.
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);
  const bodyRef = useRef<HTMLDivElement>(null);
  const bodyTop = bodyRef.current?.offsetTop ?? 0;
  const total = count * rowHeight;
  const bodyHeight = Math.min(total, MAX_BODY_PX);
  const maxScroll = Math.max(0, bodyHeight - viewHeight);
  const ratio = total > bodyHeight && maxScroll > 0 ? (total - viewHeight) / maxScroll : 1;
  const inBody = Math.min(maxScroll, Math.max(0, scrollTop - bodyTop));
  const virtualTop = inBody * ratio;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((virtualTop + viewHeight) / rowHeight) + OVERSCAN);
  const visible = useMemo(() => {
    const out: FrameRow[] = [];
    for (let k = first; k < last; k++) {
      const row = frames.row(idAt(order, k));
      if (row) out.push(row);
    }
    return out;
  }, [frames, order, first, last]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => setScrollTop(el.scrollTop);
    const measure = () => setViewHeight(el.clientHeight || 600);
    el.addEventListener('scroll', onScroll, { passive: true });
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, []);

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
  const model = table.getRowModel().rows;

  const selectedIndex = useMemo(() => (selectedId == null ? -1 : indexOfFrame(order, selectedId)), [order, selectedId]);

  // Keep the selected row in view when it changes from elsewhere (timeline, findings, keys).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection scrolls
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex < 0) return;
    const head = (el.querySelector('.grid-head') as HTMLElement | null)?.offsetHeight ?? 0;
    const top = bodyRef.current?.offsetTop ?? 0;
    const view = el.clientHeight || viewHeight;
    const rowTop = selectedIndex * rowHeight;
    const now = Math.min(maxScroll, Math.max(0, el.scrollTop - top)) * ratio;
    let want: number | null = null;
    if (rowTop < now + (el.scrollTop > top ? head : 0)) want = rowTop - head;
    else if (rowTop + rowHeight > now + view) want = rowTop + rowHeight - view;
    if (want == null) return;
    const next = Math.max(0, want) / ratio + top;
    el.scrollTop = next;
    setScrollTop(el.scrollTop);
  }, [selectedIndex, rowHeight]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    let next = selectedIndex;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(count - 1, selectedIndex + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, selectedIndex - 1);
        break;
      case 'PageDown':
        next = Math.min(count - 1, selectedIndex + page);
        break;
      case 'PageUp':
        next = Math.max(0, selectedIndex - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
        if (selectedIndex >= 0) onOpen(idAt(order, selectedIndex));
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next < 0) next = 0;
    onSelect(idAt(order, next));
  };

  const headerGroup = table.getHeaderGroups()[0];
  // The # column grows with the largest id (a million frames need 7 digits).
  const idEm = Math.max(WIDTH.id, String(ids.length > 0 ? ids.at(ids.length - 1) : 0).length * 0.62 + 1);
  const width = (id: string) =>
    id === 'id' ? { width: `${idEm}em` } : WIDTH[id] ? { width: `${WIDTH[id]}em` } : undefined;

  return (
    <>
      <div
        className="grid-scroll"
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="Frames"
        aria-rowcount={count}
        onKeyDown={onKeyDown}
      >
        <div className="grid-head" role="row">
          {headerGroup.headers.map((header) => {
            const sorted = header.column.getIsSorted();
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: sorting is also reachable by the filter row
              <div
                key={header.id}
                role="columnheader"
                className={`grid-cell ${WIDTH[header.id] ? '' : 'grow'}`}
                style={width(header.id)}
                onClick={header.column.getToggleSortingHandler()}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                title="click to sort"
              >
                <table.FlexRender header={header} />
                {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
              </div>
            );
          })}
        </div>
        <div className="grid-filters" role="row">
          {headerGroup.headers.map((header) => (
            <div key={header.id} className={`grid-cell ${WIDTH[header.id] ? '' : 'grow'}`} style={width(header.id)}>
              <ColumnFilter
                id={header.id}
                value={(header.column.getFilterValue() as string | undefined) ?? ''}
                onChange={(v) => header.column.setFilterValue(v || undefined)}
              />
            </div>
          ))}
        </div>
        {ids.length === 0 ? <Placeholder>{emptyText}</Placeholder> : null}
        <div ref={bodyRef} style={{ height: bodyHeight, position: 'relative' }}>
          {model.map((row, i) => {
            const f = row.original;
            const top = (first + i) * rowHeight - virtualTop + inBody;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles keys for all rows
              <div
                key={row.id}
                role="row"
                className={`grid-row${matches?.has(f.id) ? ' match' : ''}`}
                aria-selected={f.id === selectedId}
                aria-rowindex={first + i + 1}
                data-frame={f.id}
                style={{ height: rowHeight, transform: `translateY(${top}px)` }}
                onClick={() => onSelect(f.id)}
                onDoubleClick={() => onOpen(f.id)}
              >
                {row.getAllCells().map((cell) => (
                  <div
                    key={cell.id}
                    role="gridcell"
                    className={`grid-cell ${WIDTH[cell.column.id] ? '' : 'grow summary'} ${
                      cell.column.id === 'id' || cell.column.id === 'payloadLength' ? 'num' : ''
                    }`}
                    style={width(cell.column.id)}
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
        {count === ids.length
          ? `${formatCount(ids.length)} frames`
          : `${formatCount(count)} of ${formatCount(ids.length)} frames`}
        {' · ↑↓ select, Enter opens the bits, click a header to sort'}
      </div>
    </>
  );
}

const SELECTS: Record<string, string[]> = {
  direction: ['client', 'server'],
  fin: ['1', '0'],
  masked: ['1', '0'],
  rsv: ['000', '100', '010', '001', '110', '101', '011', '111'],
  opcode: ['continuation', 'text', 'binary', 'close', 'ping', 'pong'],
};

function ColumnFilter({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  if (SELECTS[id]) {
    return (
      <select
        aria-label={`filter ${id}`}
        title={value ? `showing ${id} = ${value} only` : `filter by ${id}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {/* narrow columns cannot show "all": a star reads as "any" */}
        <option value="">{id === 'opcode' ? 'all' : '*'}</option>
        {SELECTS[id].map((v) => (
          <option key={v} value={v}>
            {id === 'direction' ? (v === 'client' ? '→' : '←') : v}
          </option>
        ))}
      </select>
    );
  }
  if (id === 'summary') {
    return (
      <input
        aria-label="filter summary"
        placeholder="filter this column"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return null;
}
