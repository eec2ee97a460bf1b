// The WebSocket message layer: frames of one direction in, messages out (defragmentation,
// permessage-deflate, UTF-8 validation, close bodies). See assembler.ts for the rules.

export {
  type AssembledMessage,
  type AssemblerFrame,
  MessageAssembler,
  type MessageAssemblerOptions,
  type MessageProblem,
} from './assembler.js';
export { closeCodeName, closeCodeProblem, parseClosePayload } from './close.js';
export {
  DEFLATE_TAIL,
  type InflateResult,
  type InflaterParams,
  type InflateStatus,
  PerMessageInflater,
} from './deflate.js';
export { checkUtf8, decodeUtf8Lossy, isValidUtf8, type Utf8Check } from './utf8.js';
