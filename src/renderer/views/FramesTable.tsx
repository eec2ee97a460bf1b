// Frames table: @tanstack/react-table v9 for sorting and column filters, @tanstack/react-virtual
// so only the visible rows exist in the DOM (a million frames scroll like ten).
//
// Rules
// - Rows are FrameRow summaries (no payloads); the selected row's bytes are fetched on demand.
// - The table never owns selection: `selectedId` comes in, `onSelect` goes out.
// - Keyboard: ↑/↓ move, PgUp/PgDn jump a page, Home/End, Enter opens the frame's bit view.
// - ARIA grid over divs (a virtualized <table> cannot keep its layout): focus stays on the grid
//   and the selected row carries aria-selected, so rows and cells are not focusable themselves.
// biome-ignore-all lint/a11y/useSemanticElements: virtualized ARIA grid, see above
// biome-ignore-all lint/a11y/useFocusableInteractive: focus stays on the grid, see above

import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_equalsString,
  filterFn_includesString,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Placeholder } from '../components/Card.js';
import {
  DIRECTION_ARROW,
  formatCount,
  formatTime,
  opcodeName,
  opcodeType,
  type TimeMode,
  TYPE_COLOR_VAR,
} from '../model/labels.js';
import type { FrameRow } from '../worker/protocol.js';

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

/** Below this width (in em of the grid's font) RSV and MASK give way to the summary. */
const COMPACT_EM = 44;

/** Opcode names short enough for the column; the full name is in the cell's title. */
function shortOpcode(opcode: number): string {
  return opcode === 0 ? 'cont.' : opcodeName(opcode);
}

export interface FramesTableProps {
  rows: FrameRow[];
  /** Bumped when rows mutate in place (see CaptureData). */
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
  const { rows, version, selectedId, onSelect, onOpen, timeMode, origin, showConnection, matches, rowHeight } = props;
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
        helper.accessor('id', { header: '#', sortFn: 'basic' }),
        ...(showConnection
          ? [helper.accessor('connectionId', { id: 'conn', header: 'C', sortFn: 'basic', enableColumnFilter: false })]
          : []),
        helper.accessor('time', {
          header: timeMode === 'relative' ? 'Time (s)' : 'Time (UTC)',
          sortFn: 'basic',
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
        helper.accessor('payloadLength', { header: 'Length', sortFn: 'basic', enableColumnFilter: false }),
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

  // `rows` is mutated in place while loading: a new array identity per version makes the table
  // re-derive its models exactly when the data changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the change signal for rows
  const data = useMemo(() => rows.slice(), [rows, version]);

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => String(row.id),
  });

  const model = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: model.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const selectedIndex = useMemo(
    () => (selectedId == null ? -1 : model.findIndex((r) => r.original.id === selectedId)),
    [model, selectedId],
  );

  // Keep the selected row in view when it changes from elsewhere (timeline, findings, keys).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // Row height follows the font-size control: re-measure when it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: rowHeight is the trigger
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (model.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    let next = selectedIndex;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(model.length - 1, selectedIndex + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, selectedIndex - 1);
        break;
      case 'PageDown':
        next = Math.min(model.length - 1, selectedIndex + page);
        break;
      case 'PageUp':
        next = Math.max(0, selectedIndex - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = model.length - 1;
        break;
      case 'Enter':
        if (selectedIndex >= 0) onOpen(model[selectedIndex].original.id);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next < 0) next = 0;
    onSelect(model[next].original.id);
  };

  const headerGroup = table.getHeaderGroups()[0];
  // The # column grows with the largest id (a million frames need 7 digits).
  const idEm = Math.max(WIDTH.id, String(rows.length > 0 ? rows[rows.length - 1].id : 0).length * 0.62 + 1);
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
        aria-rowcount={model.length}
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
        {rows.length === 0 ? <Placeholder>{emptyText}</Placeholder> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = model[item.index];
            const f = row.original;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles keys for all rows
              <div
                key={row.id}
                role="row"
                className={`grid-row${matches?.has(f.id) ? ' match' : ''}`}
                aria-selected={f.id === selectedId}
                data-frame={f.id}
                style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
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
        {model.length === rows.length
          ? `${formatCount(rows.length)} frames`
          : `${formatCount(model.length)} of ${formatCount(rows.length)} frames`}
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
