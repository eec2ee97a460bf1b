// Public entry point of the decoder. Shells import from here only.
export * from './findings.js';
export * from './model.js';
export * from './session.js';
