// The decoder is compiled with lib ES2022 only, so nothing platform-specific can be used by
// accident. TextDecoder is the one exception: it is a global in Node, browsers, workers and
// Electron alike, and it is the fastest UTF-8 validator available to plain JavaScript.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
