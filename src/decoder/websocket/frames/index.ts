// RFC 6455 §5.2 frame layer: stream bytes of one direction in, ParsedFrame records out. What the
// connection layer uses; the layer's internals (header decoding, resync, heuristics' chain walk,
// constants) are imported by path inside the layer only.

export { type FrameEvidence, frameEvidence } from './evidence.js';
export { buildFrameFields } from './fields.js';
export type { FrameParserOptions, FrameProblem, ParsedFrame, RsvAllowed, StreamEvent } from './frame-parser.js';
export { FrameParser } from './frame-parser.js';
export { scoreWebSocketStream } from './heuristic.js';
