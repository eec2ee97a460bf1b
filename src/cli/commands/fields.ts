// `wsscope fields`: every display-filter field (-Y), by layer, with its type and meaning: the
// registry (src/decoder/filter/registry.ts) printed, nothing written by hand.

import { FIELD_LAYERS, type FilterFieldDef, LEVELS } from '../../decoder/index.js';
import type { ParsedArgs } from '../args.js';
import { type CliContext, chooseFormat, makeOutput } from '../context.js';
import type { Column } from '../output.js';

interface FieldRow {
  name: string;
  type: string;
  protocol: string;
  /** Levels that read it directly (others read it through their connection or their records). */
  levels: string[];
  values: string[] | null;
  description: string;
}

function rowOf(protocol: string, f: FilterFieldDef): FieldRow {
  return {
    name: f.name,
    type: f.type,
    protocol,
    levels: LEVELS.filter((l) => f[l] !== undefined),
    values: f.names ? Object.keys(f.names) : f.values && f.values.length <= 12 ? [...f.values] : null,
    description: f.blurb,
  };
}

const COLUMNS: Column<FieldRow>[] = [
  { header: 'FIELD', key: 'name', width: 37, value: (r) => r.name },
  { header: 'TYPE', key: 'type', width: 8, value: (r) => r.type },
  {
    header: 'DESCRIPTION',
    key: 'description',
    width: 0,
    value: (r) => (r.values ? `${r.description} [${r.values.join(', ')}]` : r.description),
  },
];

export async function runFields(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const format = chooseFormat(args, 'fields', ctx, { pipeDefault: 'table' });
  const out = makeOutput(ctx, format);
  const rows = FIELD_LAYERS.flatMap((layer) => layer.fields.map((f) => rowOf(layer.protocol, f)));
  const w = out.list({ columns: COLUMNS, json: (r: FieldRow) => r });
  w.begin();
  for (const r of rows) w.row(r);
  w.end();
  await out.flush();
  return 0;
}
