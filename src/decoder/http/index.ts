// The HTTP/1.1 layer's public surface: per-direction HTTP parsing up to the protocol switch,
// and the WebSocket opening-handshake checks (RFC 6455 §4, RFC 7692 §5-§7).
export { base64Encode, computeAccept, isValidKey, WEBSOCKET_GUID } from './accept.js';
export type { ExtensionsResult } from './extensions.js';
export { checkDeflateParams, negotiateDeflate, PERMESSAGE_DEFLATE, parseExtensions } from './extensions.js';
export type { HandshakeCheck, HandshakeFinding } from './handshake.js';
export { checkHandshake, WEBSOCKET_VERSION } from './handshake.js';
export {
  headerElements,
  headerHasToken,
  headerList,
  headerValues,
  looksLikeHttpRequest,
  looksLikeHttpResponse,
  parseRequestHead,
  parseResponseHead,
} from './head-parser.js';
export type { HttpEvent, HttpStreamOptions } from './http-stream.js';
export { HttpStream } from './http-stream.js';
