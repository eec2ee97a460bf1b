// Streaming output in four formats: table, json, ndjson, csv.
//
// Rules
// - Rows are written as they come and then forgotten: memory stays flat however long the
//   capture. Even `table` streams: its columns have fixed widths (cells are cut with "…"), and
//   `json` writes "[", the objects separated by ",", then "]".
// - Rows are written as bytes into a ByteSink (byte-sink.ts), flushed per decoded chunk
//   (`flush()`), and `flush()` waits for the stream's 'drain' when the pipe is full, so a slow
//   reader slows the decoder instead of filling memory. Written chunks are reused once the
//   stream is done with them when the caller says that is safe (OutputOptions.recycleChunks).
// - table and csv cells come from a column list; json/ndjson from the record's JSON contract,
//   written by json-rows.ts for the row kinds a capture has many of.

import type { Writable } from 'node:stream';
import { ByteSink, latin1Bytes, safeJson } from './byte-sink.js';
import { csvCell, fitCell, printable } from './cells.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<T> {
  /** Header in table output. */
  header: string;
  /** Column name in csv output (snake-free, as in the JSON contract). */
  key: string;
  /** Table width in characters; 0 for the last, unbounded column. */
  width: number;
  align?: 'left' | 'right';
  value(row: T): string | number | boolean | null;
}

export interface RowSpec<T> {
  columns: Column<T>[];
  json(row: T): unknown;
  /** Writes the bytes of `JSON.stringify(json(row))` without building it (json-rows.ts). */
  writeJson?(out: ByteSink, row: T): void;
}

const COMMA = latin1Bytes(',');
const CRLF = latin1Bytes('\r\n');

export interface OutputOptions {
  /**
   * Reuse a chunk once the stream's write callback has run (ByteSink.recycle). Only for streams
   * that are done with the bytes by then, as process.stdout is (a file, pipe or terminal: the
   * bytes were handed to the kernel); not for a PassThrough or a collecting Writable, which keep
   * the very chunk.
   */
  recycleChunks?: boolean;
}

export class Output {
  /** What is written but not flushed; formatters write into it directly (json-rows.ts). */
  readonly sink = new ByteSink();
  private count = 0;
  private readonly recycle: ((chunk: Buffer) => void) | null;

  constructor(
    private readonly stream: Writable,
    readonly format: Format,
    options: OutputOptions = {},
  ) {
    this.recycle = options.recycleChunks === true ? (chunk) => this.sink.recycle(chunk) : null;
  }

  get rows(): number {
    return this.count;
  }

  /** Raw text (for the human views of follow/handshake and summaries). */
  text(s: string): void {
    this.sink.utf8(s);
  }

  /** Writes what is pending; resolves when the stream can take more. */
  async flush(): Promise<void> {
    if (this.sink.length === 0) return;
    let ready = true;
    const recycle = this.recycle;
    for (const chunk of this.sink.take()) {
      ready =
        recycle === null
          ? this.stream.write(chunk)
          : this.stream.write(chunk, (error) => {
              if (!error) recycle(chunk);
            });
    }
    if (!ready) await waitForDrain(this.stream);
  }

  get hasPending(): boolean {
    return this.sink.length > 0;
  }

  list<T>(spec: RowSpec<T>): RowWriter<T> {
    return new RowWriter(this, spec);
  }

  /** @internal */
  countRow(): number {
    return this.count++;
  }
}

function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** One list of rows in one format. Call `begin()` once (header), `row()` per record, `end()`. */
export class RowWriter<T> {
  private started = false;
  private n = 0;

  /** Writes one row in the output's format; chosen once, as rows are many and formats one. */
  private readonly write: (record: T) => void;

  constructor(
    private readonly out: Output,
    private readonly spec: RowSpec<T>,
  ) {
    this.write = this.writer();
  }

  get rows(): number {
    return this.n;
  }

  begin(): void {
    if (this.started) return;
    this.started = true;
    const { columns } = this.spec;
    switch (this.out.format) {
      case 'table': {
        const header = columns.map((c, i) => this.cell(c.header, c, i === columns.length - 1)).join('  ');
        this.out.text(header.trimEnd() + '\n');
        break;
      }
      case 'csv':
        this.out.text(columns.map((c) => csvCell(c.key)).join(',') + '\r\n');
        break;
      case 'json':
        this.out.text('[');
        break;
      case 'ndjson':
        break;
    }
  }

  row(record: T): void {
    this.begin();
    this.write(record);
    this.n++;
    this.out.countRow();
  }

  private writer(): (record: T) => void {
    const { columns, writeJson } = this.spec;
    const { sink } = this.out;
    const json = writeJson
      ? (record: T) => writeJson(sink, record)
      : (record: T) => sink.utf8(safeJson(JSON.stringify(this.spec.json(record))));
    switch (this.out.format) {
      // One string per row, built by a loop (no array of cells), encoded into the sink once.
      case 'table':
        return (record) => {
          let line = '';
          for (let i = 0; i < columns.length; i++) {
            const c = columns[i];
            const v = c.value(record);
            const cell = this.cell(printable(v === null ? '-' : String(v)), c, i === columns.length - 1);
            line = i === 0 ? cell : `${line}  ${cell}`;
          }
          sink.utf8(`${line.trimEnd()}\n`);
        };
      // Cells straight into the sink: a row of long cells (text, base64) is never concatenated.
      case 'csv':
        return (record) => {
          for (let i = 0; i < columns.length; i++) {
            if (i > 0) sink.bytes(COMMA);
            sink.text(csvCell(columns[i].value(record)));
          }
          sink.bytes(CRLF);
        };
      case 'json':
        return (record) => {
          sink.ascii(this.n === 0 ? '\n' : ',\n');
          json(record);
        };
      case 'ndjson':
        return (record) => {
          json(record);
          sink.ascii('\n');
        };
    }
  }

  end(): void {
    this.begin();
    if (this.out.format === 'json') this.out.text(this.n === 0 ? ']\n' : '\n]\n');
  }

  private cell(text: string, column: Column<T>, last: boolean): string {
    if (last && column.width === 0) return text;
    return fitCell(text, column.width, column.align);
  }
}
