// The WebSocket message layer: frames of one direction in, messages out (defragmentation,
// permessage-deflate, UTF-8 validation, close bodies). See assembler.ts for the rules. The
// connection layer uses the assembler only; close bodies, inflation and UTF-8 are its internals.

export {
  type AssembledMessage,
  type AssemblerFrame,
  MessageAssembler,
  type MessageAssemblerOptions,
  type MessageProblem,
} from './assembler.js';
