// Hex dump pieces for the UI's byte views. They live in the decoder's format module (one copy
// for the CLI, the worker and the views); this re-export keeps the views' imports short.
export { asciiChar, BYTES_PER_LINE, hexByte, offsetText } from '../../decoder/index.js';
