// The RFC sentences the lesson teaches, shipped with the app so it works offline. Only the
// passages the lesson cites are stored, word for word from RFC 6455 (December 2011) and
// RFC 7692 (December 2015), with the IETF copyright notice the Trust Legal Provisions ask for
// (IETF_NOTICE, shown under every quote panel). RFC text is never translated.

import type { FindingCode } from '../../../../decoder/index.js';

export type RfcDoc = '6455' | '7692';

export interface RfcQuote {
  doc: RfcDoc;
  section: string;
  text: string;
}

export const IETF_NOTICE: Record<RfcDoc, string> = {
  '6455':
    "RFC 6455 text: Copyright (c) 2011 IETF Trust and the persons identified as the document authors. All rights reserved. This document is subject to BCP 78 and the IETF Trust's Legal Provisions Relating to IETF Documents (http://trustee.ietf.org/license-info) in effect on the date of publication of this document.",
  '7692':
    "RFC 7692 text: Copyright (c) 2015 IETF Trust and the persons identified as the document authors. All rights reserved. This document is subject to BCP 78 and the IETF Trust's Legal Provisions Relating to IETF Documents (http://trustee.ietf.org/license-info) in effect on the date of publication of this document.",
};

const q = (doc: RfcDoc, section: string, text: string): RfcQuote => ({ doc, section, text });

export const RFC = {
  tcp: q(
    '6455',
    '1.7',
    'The WebSocket Protocol is an independent TCP-based protocol. Its only relationship to HTTP is that its handshake is interpreted by HTTP servers as an Upgrade request.',
  ),
  connecting: q(
    '6455',
    '4.1',
    'To _Establish a WebSocket Connection_, a client opens a connection and sends a handshake as defined in this section. A connection is defined to initially be in a CONNECTING state.',
  ),
  upgrade: q(
    '6455',
    '4.1',
    'The request MUST contain an |Upgrade| header field whose value MUST include the "websocket" keyword.',
  ),
  connection: q(
    '6455',
    '4.1',
    'The request MUST contain a |Connection| header field whose value MUST include the "Upgrade" token.',
  ),
  host: q(
    '6455',
    '4.1',
    'The request MUST contain a |Host| header field whose value contains /host/ plus optionally ":" followed by /port/ (when not using the default port).',
  ),
  key: q(
    '6455',
    '4.1',
    'The request MUST include a header field with the name |Sec-WebSocket-Key|. The value of this header field MUST be a nonce consisting of a randomly selected 16-byte value that has been base64-encoded (see Section 4 of [RFC4648]). The nonce MUST be selected randomly for each connection.',
  ),
  origin: q(
    '6455',
    '4.1',
    'The request MUST include a header field with the name |Origin| [RFC6454] if the request is coming from a browser client. If the connection is from a non-browser client, the request MAY include this header field if the semantics of that client match the use-case described here for browser clients.',
  ),
  version: q(
    '6455',
    '4.1',
    'The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header field MUST be 13.',
  ),
  protocol: q(
    '6455',
    '4.1',
    'The request MAY include a header field with the name |Sec-WebSocket-Protocol|. If present, this value indicates one or more comma-separated subprotocol the client wishes to speak, ordered by preference.',
  ),
  extensions: q(
    '6455',
    '4.1',
    'The request MAY include a header field with the name |Sec-WebSocket-Extensions|. If present, this value indicates the protocol-level extension(s) the client wishes to speak.',
  ),
  accept: q(
    '6455',
    '4.2.2',
    'A |Sec-WebSocket-Accept| header field. The value of this header field is constructed by concatenating /key/, defined above in step 4 in Section 4.2.2, with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", taking the SHA-1 hash of this concatenated value to obtain a 20-byte value and base64-encoding (see Section 4 of [RFC4648]) this 20-byte hash.',
  ),
  acceptCheck: q(
    '6455',
    '4.1',
    'If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but ignoring any leading and trailing whitespace, the client MUST _Fail the WebSocket Connection_.',
  ),
  status101: q(
    '6455',
    '1.3',
    'Any status code other than 101 indicates that the WebSocket handshake has not completed and that the semantics of HTTP still apply.',
  ),
  open: q(
    '6455',
    '4.1',
    "If the server's response is validated as provided for above, it is said that _The WebSocket Connection is Established_ and that the WebSocket Connection is in the OPEN state.",
  ),
  fin: q(
    '6455',
    '5.2',
    'FIN: 1 bit. Indicates that this is the final fragment in a message. The first fragment MAY also be the final fragment.',
  ),
  rsv: q(
    '6455',
    '5.2',
    'RSV1, RSV2, RSV3: 1 bit each. MUST be 0 unless an extension is negotiated that defines meanings for non-zero values. If a nonzero value is received and none of the negotiated extensions defines the meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_.',
  ),
  opcode: q(
    '6455',
    '5.2',
    'Opcode: 4 bits. Defines the interpretation of the "Payload data". If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_.',
  ),
  mask: q(
    '6455',
    '5.2',
    'Mask: 1 bit. Defines whether the "Payload data" is masked. If set to 1, a masking key is present in masking-key, and this is used to unmask the "Payload data" as per Section 5.3. All frames sent from client to server have this bit set to 1.',
  ),
  length: q(
    '6455',
    '5.2',
    'The length of the "Payload data", in bytes: if 0-125, that is the payload length. If 126, the following 2 bytes interpreted as a 16-bit unsigned integer are the payload length. If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit MUST be 0) are the payload length.',
  ),
  minimalLength: q(
    '6455',
    '5.2',
    "Note that in all cases, the minimal number of bytes MUST be used to encode the length, for example, the length of a 124-byte-long string can't be encoded as the sequence 126, 0, 124.",
  ),
  clientMasks: q(
    '6455',
    '5.1',
    'A client MUST mask all frames that it sends to the server (see Section 5.3 for further details). (Note that masking is done whether or not the WebSocket Protocol is running over TLS.) The server MUST close the connection upon receiving a frame that is not masked.',
  ),
  serverNoMask: q(
    '6455',
    '5.1',
    'A server MUST NOT mask any frames that it sends to the client. A client MUST close a connection if it detects a masked frame.',
  ),
  masking: q(
    '6455',
    '5.3',
    'Octet i of the transformed data ("transformed-octet-i") is the XOR of octet i of the original data ("original-octet-i") with octet at index i modulo 4 of the masking key ("masking-key-octet-j"): j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j',
  ),
  fragments: q(
    '6455',
    '5.4',
    'A fragmented message consists of a single frame with the FIN bit clear and an opcode other than 0, followed by zero or more frames with the FIN bit clear and the opcode set to 0, and terminated by a single frame with the FIN bit set and an opcode of 0.',
  ),
  interleave: q(
    '6455',
    '5.4',
    'The fragments of one message MUST NOT be interleaved between the fragments of another message unless an extension has been negotiated that can interpret the interleaving.',
  ),
  compressedBit: q(
    '7692',
    '6',
    'This document allocates the RSV1 bit of the WebSocket header for PMCEs and calls the bit the "Per-Message Compressed" bit. On a WebSocket connection where a PMCE is in use, this bit indicates whether a message is compressed or not.',
  ),
  compressedFirstOnly: q(
    '7692',
    '6.1',
    'An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames and non-first fragments of a data message. An endpoint receiving such a frame MUST _Fail the WebSocket Connection_.',
  ),
  inflate: q(
    '7692',
    '7.2.2',
    'An endpoint uses the following algorithm to decompress a message. 1. Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message. 2. Decompress the resulting data using DEFLATE.',
  ),
  control: q(
    '6455',
    '5.5',
    'All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented.',
  ),
  ping: q(
    '6455',
    '5.5.2',
    'Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it already received a Close frame. It SHOULD respond with Pong frame as soon as is practical.',
  ),
  pong: q(
    '6455',
    '5.5.3',
    'A Pong frame sent in response to a Ping frame must have identical "Application data" as found in the message body of the Ping frame being replied to.',
  ),
  unsolicitedPong: q(
    '6455',
    '5.5.3',
    'A Pong frame MAY be sent unsolicited. This serves as a unidirectional heartbeat. A response to an unsolicited Pong frame is not expected.',
  ),
  close: q(
    '6455',
    '5.5.1',
    'If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST send a Close frame in response. (When sending a Close frame in response, the endpoint typically echos the status code it received.) It SHOULD do so as soon as practical.',
  ),
  closeBody: q(
    '6455',
    '5.5.1',
    'If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer (in network byte order) representing a status code with value /code/ defined in Section 7.4. Following the 2-byte integer, the body MAY contain UTF-8-encoded data with value /reason/, the interpretation of which is not defined by this specification.',
  ),
  afterClose: q('6455', '5.5.1', 'The application MUST NOT send any more data frames after sending a Close frame.'),
  closeTcp: q(
    '6455',
    '5.5.1',
    'After both sending and receiving a Close message, an endpoint considers the WebSocket connection closed and MUST close the underlying TCP connection. The server MUST close the underlying TCP connection immediately; the client SHOULD wait for the server to close the connection but MAY close the connection at any time after sending and receiving a Close message.',
  ),
  closing: q(
    '6455',
    '7.1.3',
    'Upon either sending or receiving a Close control frame, it is said that _The WebSocket Closing Handshake is Started_ and that the WebSocket connection is in the CLOSING state.',
  ),
  closed: q(
    '6455',
    '7.1.4',
    'When the underlying TCP connection is closed, it is said that _The WebSocket Connection is Closed_ and that the WebSocket connection is in the CLOSED state. If the TCP connection was closed after the WebSocket closing handshake was completed, the WebSocket connection is said to have been closed _cleanly_.',
  ),
  closeMissing: q(
    '6455',
    '7.1.1',
    'To _Close the WebSocket Connection_, an endpoint closes the underlying TCP connection. An endpoint SHOULD use a method that cleanly closes the TCP connection, as well as the TLS session, if applicable, discarding any trailing bytes that may have been received.',
  ),
  statusCodes: q(
    '6455',
    '7.4',
    'When closing an established connection (e.g., when sending a Close frame, after the opening handshake has completed), an endpoint MAY indicate a reason for closure.',
  ),
  utf8: q(
    '6455',
    '8.1',
    'When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_. This rule applies both during the opening handshake and during subsequent data exchange.',
  ),
  extensionNotOffered: q(
    '6455',
    '9',
    'A server MUST NOT respond with any extension not requested by the client. If extension parameters are included in negotiations between the client and the server, those parameters MUST be chosen in accordance with the specification of the extension to which the parameters apply.',
  ),
  subprotocolNotOffered: q(
    '6455',
    '4.1',
    "If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the use of a subprotocol that was not present in the client's handshake (the server has indicated a subprotocol not requested by the client), the client MUST _Fail the WebSocket Connection_.",
  ),
  badResponse: q(
    '6455',
    '4.1',
    "If the server's response does not conform to the requirements for the server's handshake as defined in this section and in Section 4.2.2, the client MUST _Fail the WebSocket Connection_.",
  ),
  waitResponse: q(
    '6455',
    '4.1',
    "Once the client's opening handshake has been sent, the client MUST wait for a response from the server before sending any further data.",
  ),
  limits: q(
    '6455',
    '10.4',
    'Implementations that have implementation- and/or platform-specific limitations regarding the frame size or total message size after reassembly from multiple frames MUST protect themselves against exceeding those limits.',
  ),
} as const satisfies Record<string, RfcQuote>;

export type QuoteId = keyof typeof RFC;

/**
 * The RFC sentence behind each finding. Codes missing here (the capture's and TCP's own findings,
 * decoder bugs, codes added later) are about the capture, not the protocol: no sentence.
 */
export const FINDING_QUOTE: Partial<Record<FindingCode, QuoteId>> = {
  'handshake.not-seen': 'connecting',
  'handshake.rejected': 'status101',
  'handshake.accept-mismatch': 'acceptCheck',
  'handshake.bad-headers': 'badResponse',
  'handshake.no-response': 'waitResponse',
  'handshake.malformed': 'badResponse',
  'handshake.too-large': 'limits',
  'handshake.subprotocol-not-offered': 'subprotocolNotOffered',
  'frame.client-unmasked': 'clientMasks',
  'frame.server-masked': 'serverNoMask',
  'frame.rsv-without-extension': 'rsv',
  'frame.reserved-opcode': 'opcode',
  'frame.control-too-long': 'control',
  'frame.control-fragmented': 'control',
  'frame.non-minimal-length': 'minimalLength',
  'frame.length-top-bit': 'length',
  'frame.too-large': 'limits',
  'message.orphan-continuation': 'fragments',
  'message.interleaved-data': 'interleave',
  'message.invalid-utf8': 'utf8',
  'message.inflate-failed': 'inflate',
  'message.too-large': 'limits',
  'close.invalid-code': 'statusCodes',
  'close.invalid-payload': 'closeBody',
  'close.data-after-close': 'afterClose',
  'close.missing': 'closeMissing',
  'pong.unsolicited': 'unsolicitedPong',
  'extension.not-negotiated': 'extensionNotOffered',
  'extension.bad-parameters': 'extensionNotOffered',
};
