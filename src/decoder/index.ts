// Public entry point of the decoder. Shells import from here only.

export * from './capture-session.js';
export * from './findings.js';
export * from './format.js';
export * from './records.js';
export * from './websocket/close-codes.js';
export * from './websocket/field-registry.js';
// Rebuilding a frame's field records from its header (the UI keeps headers, not field lists).
export { buildFrameFields } from './websocket/frames/fields.js';
export * from './websocket/opcodes.js';
