// The frames table's react-table columns, made from row-schema.ts's FRAME_TABLE: each column's
// header, value (the same reader frame-order.ts sorts and filters with), first sort direction and
// whether it filters. Only the cells that draw more than their value's text are written here.
//
// react-table holds the sorting and filter STATE and renders headers and cells; the table sorts
// and filters itself (frame-order.ts, manualSorting/manualFiltering), so no sorted or filtered
// row model and no sortFns are registered: v9's header toggles and filter setters work without
// them (they read a column's sortDescFirst and filter value only).

import {
  type CellContext,
  columnFilteringFeature,
  createColumnHelper,
  type FilterFn,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { frameTypeOf, opcodeName } from '../../../decoder/index.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { DIRECTION_ARROW, formatTime, type TimeMode, TYPE_COLOR_VAR } from '../../model/labels.js';
import { FRAME_TABLE, type FrameColumnId, type FrameRow, type FrameTableColumn } from '../../worker/row-schema.js';

export const features = tableFeatures({ rowSortingFeature, columnFilteringFeature });

type Features = typeof features;
type Cell = CellContext<Features, FrameRow, unknown>;

/**
 * The filter function react-table asks for when a filter value changes, only to learn whether
 * an empty value drops the filter (it never filters rows here: manualFiltering). Without one it
 * guesses a built-in by the column's values and, in development builds, warns it is missing.
 */
const stateOnly: FilterFn<Features, FrameRow> = Object.assign(() => true, {
  autoRemove: (value: unknown) => value == null || value === '',
});

/** Opcode names short enough for the column; the full name is in the cell's title. */
function shortOpcode(opcode: number): string {
  return opcode === 0 ? 'cont.' : opcodeName(opcode);
}

/** Cells that draw more than their value's text. */
function cells(
  timeMode: TimeMode,
  origin: number,
  frames: FrameColumns,
): Partial<Record<FrameColumnId, (info: Cell) => ReactNode>> {
  return {
    // beyond 2^53 - 1 the number is rounded: print the header's exact integer
    payloadLength: (info) => frames.lengthText(info.row.original.id),
    time: (info) => formatTime(info.row.original.time, timeMode, origin),
    direction: (info) => {
      const d = info.row.original.direction;
      return (
        <span className={`dir-${d}`} title={d === 'client' ? 'client → server' : 'server → client'}>
          {DIRECTION_ARROW[d]}
        </span>
      );
    },
    opcode: (info) => (
      <span className="op-chip" title={String(info.getValue())}>
        <span className="op-dot" style={{ background: TYPE_COLOR_VAR[frameTypeOf(info.row.original.opcode)] }} />
        {shortOpcode(info.row.original.opcode)}
      </span>
    ),
    summary: (info) => (
      <>
        {info.row.original.findingCount > 0 ? <span className="warn-dot">⚠ </span> : null}
        {info.row.original.complete ? null : <span className="warn-dot">✂ </span>}
        {/* the row's, not the column's: a row sent without its summary gets it when shown (FrameColumns.row) */}
        {info.row.original.summary}
      </>
    ),
  };
}

const helper = createColumnHelper<Features, FrameRow>();

export interface ColumnOptions {
  timeMode: TimeMode;
  origin: number;
  /** Search results span connections: show the connection column. */
  showConnection: boolean;
  /** A narrow pane drops the columns marked `wide`. */
  compact: boolean;
}

/** The FRAME_TABLE columns shown under `options`. */
export function shownColumns(options: ColumnOptions): FrameTableColumn[] {
  return FRAME_TABLE.filter((c: FrameTableColumn) =>
    c.show === 'search' ? options.showConnection : c.show === 'wide' ? !options.compact : true,
  );
}

export function makeColumns(frames: FrameColumns, options: ColumnOptions) {
  const cell = cells(options.timeMode, options.origin, frames);
  return helper.columns(
    shownColumns(options).map((def) =>
      helper.accessor((row) => def.value(frames.cols, row.id), {
        id: def.id,
        header: typeof def.header === 'function' ? def.header(options.timeMode) : def.header,
        sortDescFirst: def.descFirst ?? false,
        enableColumnFilter: def.filter != null,
        filterFn: stateOnly,
        ...(cell[def.id as FrameColumnId] ? { cell: cell[def.id as FrameColumnId] } : {}),
      }),
    ),
  );
}

/**
 * A column's width style in em; the # column grows with the largest id shown, the length column
 * with the longest length shown (`lengthChars`: a 64-bit length has up to 20 digits).
 */
export function widthOf(
  def: FrameTableColumn | undefined,
  largestId: number,
  lengthChars = 0,
): { width: string } | undefined {
  if (!def?.width) return undefined;
  if (def.id === 'payloadLength') return { width: `${Math.max(def.width, lengthChars * 0.62 + 1)}em` };
  if (def.id !== 'id') return { width: `${def.width}em` };
  return { width: `${Math.max(def.width, String(largestId).length * 0.62 + 1)}em` };
}

export function ColumnFilter({
  def,
  value,
  onChange,
}: {
  def: FrameTableColumn;
  value: string;
  onChange: (v: string) => void;
}) {
  const filter = def.filter;
  if (filter?.kind === 'select') {
    return (
      <select
        aria-label={`filter ${def.id}`}
        title={value ? `showing ${def.id} = ${value} only` : `filter by ${def.id}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {/* narrow columns cannot show "all": a star reads as "any" */}
        <option value="">{filter.all}</option>
        {filter.options.map((v) => (
          <option key={v} value={v}>
            {filter.label ? filter.label(v) : v}
          </option>
        ))}
      </select>
    );
  }
  if (filter?.kind === 'text') {
    return (
      <input
        aria-label={`filter ${def.id}`}
        placeholder="filter this column"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return null;
}
