// The display-filter language (issue 12): one parser and evaluator for the CLI's -Y and the app's
// filter bar. Fields: registry.ts; syntax: parser.ts; semantics: compile.ts.

export { type AnalysisRecords, matchingIds } from './apply.js';
export { type BoundFilter, bindFilter, type RowOf } from './bind.js';
export { type CheckedFilter, checkFilter } from './compile.js';
export {
  type ByteSpan,
  type ConnectionLookup,
  type FindingCursor,
  type FrameCursor,
  LEVELS,
  type Level,
  type MessageCursor,
  RecordFindingCursor,
  RecordFrameCursor,
  RecordMessageCursor,
} from './cursors.js';
export type { FieldLayer, FieldType, FieldValue, FilterEnv, FilterFieldDef } from './field-def.js';
export { FilterError } from './lexer.js';
export { AtomMemo, IdSet } from './marks.js';
export { FIELD_LAYERS, filterField, filterFieldNames } from './registry.js';
export { completeField, completeValue, suggestField } from './suggest.js';
