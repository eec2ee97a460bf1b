// Small whole captures of one WebSocket connection, written byte by byte by the test helpers
// (pcap-writer's TcpConversation, frame-writer): a TCP handshake, an
// HTTP upgrade with the RFC's own key and accept, whatever the test sends, and a FIN close.
//
//   wsCapture((c) => c.send('client', clientFrame({ opcode: 1, payload: text('hi') })))

import type { SessionOptions } from '../../src/decoder/index.js';
import { type FrameSpec, frame, text } from './frame-writer.js';
import { TcpConversation, writePcap } from './pcap-writer.js';

/** RFC 6455 §1.3: the sample key and the accept value the RFC gives for it. */
export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
/** RFC 6455 §5.7's masking key. */
export const MASK = [0x37, 0xfa, 0x21, 0x3d];

export const CLIENT: [string, number] = ['10.0.0.1', 50000];
export const SERVER: [string, number] = ['10.0.0.2', 80];

/** The client's upgrade request, with extra header lines (each ending in CRLF). */
export const upgradeRequest = (extra = ''): string =>
  'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

/** The server's 101, with extra header lines; `accept` replaces the right one. */
export const switchingProtocols = (extra = '', accept = SAMPLE_ACCEPT): string =>
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Accept: ${accept}\r\n${extra}\r\n`;

/** A client frame, masked with MASK unless the spec says otherwise. */
export const clientFrame = (spec: FrameSpec): Uint8Array => frame({ mask: MASK, ...spec });
/** A server frame, unmasked unless the spec says otherwise. */
export const serverFrame = (spec: FrameSpec): Uint8Array => frame(spec);

export interface WsCaptureOptions {
  /** The HTTP exchange before the frames (default: the upgrade and its 101); null: none at all. */
  request?: string | null;
  response?: string | null;
  /** Leave out the TCP handshake (the capture starts mid-connection). */
  noSyn?: boolean;
  /** Leave out the closing FINs (the capture ends with the connection open). */
  noFin?: boolean;
}

/** One TCP conversation as a classic pcap: handshake, HTTP upgrade, `body`, FIN close. */
export function wsCapture(body: (c: TcpConversation) => void = () => {}, options: WsCaptureOptions = {}): Uint8Array {
  const c = new TcpConversation({ client: CLIENT, server: SERVER });
  if (!options.noSyn) c.handshake();
  const request = options.request === undefined ? upgradeRequest() : options.request;
  const response = options.response === undefined ? switchingProtocols() : options.response;
  if (request !== null) c.send('client', request);
  if (response !== null) c.send('server', response);
  body(c);
  if (!options.noFin) c.close('client');
  return writePcap(c.records);
}

/** A text message from the client. */
export const sendText = (s: string) => (c: TcpConversation) =>
  c.send('client', clientFrame({ opcode: 1, payload: text(s) }));

/** Real input that makes the decoder report one finding code (test/decoder/findings-coverage.test.ts). */
export interface FindingCase {
  input: () => Uint8Array;
  options?: SessionOptions;
  /** The finding's message, naming what the input put there. */
  message: RegExp;
  /** Who sent the offending bytes, where one side did. */
  direction?: 'client' | 'server';
}
