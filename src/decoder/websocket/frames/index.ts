// RFC 6455 §5.2 frame layer: stream bytes of one direction in, ParsedFrame records out.
export * from './constants.js';
export { buildFrameFields } from './fields.js';
export type { FrameParserOptions, FrameProblem, ParsedFrame, RsvAllowed, StreamEvent } from './frame-parser.js';
export { FrameParser } from './frame-parser.js';
export { decodeHeader, type FrameHeader, headerLengthFor } from './header.js';
export { type ChainResult, type ChainRules, scoreWebSocketStream, walkChain } from './heuristic.js';
export { type Anchor, BoundaryHunter, type HuntRules } from './resync.js';
