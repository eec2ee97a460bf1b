// Why each finding matters, in plain words, for the explanation panel. English only for now;
// every text has a stable key (`explain.finding.<code>`) so it can be translated later through
// the app's t(key) (src/renderer/i18n). The finding's own summary and RFC section come from the
// decoder's table (findings.ts); this adds what a reader should take from it.

import type { FindingCode, FindingGroup } from '../../decoder/index.js';

export const FINDING_WHY: Readonly<Partial<Record<FindingCode, string>>> = {
  'capture.damaged':
    'The capture file ends or breaks in the middle of a record. Everything before and after the damage is still decoded; what was inside it is lost.',
  'capture.truncated-packet':
    'The capture tool kept only the first bytes of this packet (its snap length). Bytes beyond it are missing from the TCP stream, so frames there may be incomplete.',
  'capture.unknown-link-type':
    'The capture’s link layer (how packets were framed on the wire) is one wsscope does not read, so its packets are skipped.',
  'capture.malformed-packet':
    'A packet whose link, IP or TCP header is broken or cut; it is skipped, and the TCP stream may show a gap where its bytes were.',
  'capture.unknown-block':
    'pcapng files may carry block types a reader does not know; they are skipped, as the format allows.',
  'capture.ip-fragment':
    'The IP layer split a datagram into fragments and not all of them were captured in time, so its TCP bytes are missing.',
  'tcp.overlap-conflict':
    'Two copies of the same TCP bytes disagree. Receivers keep one of them; what the application saw may differ from what is shown.',
  'tcp.buffer-limit':
    'Too many bytes arrived ahead of a missing segment; wsscope stopped waiting for it and moved on, leaving a gap.',
  'tcp.gap':
    'These bytes crossed the network but were not captured (the capture started late, dropped packets, or was cut). Frames that span the gap cannot be read whole.',
  'tcp.retransmission':
    'The sender sent these bytes again because it did not see them acknowledged. Normal on lossy links; the copy is ignored.',
  'tcp.out-of-order': 'This segment arrived before bytes that precede it; reassembly put it back in order.',
  'tcp.mid-stream': 'The capture began after the connection opened, so its handshake and first bytes are not in it.',
  'tcp.reset':
    'A peer aborted the TCP connection with RST instead of closing it; no WebSocket close handshake can follow.',
  'handshake.not-seen':
    'Frames were recognised, but the HTTP upgrade that opens a WebSocket connection (RFC 6455 §4) is not in the capture, so subprotocol and extensions are unknown.',
  'handshake.rejected':
    'The server answered the upgrade request with something other than 101 Switching Protocols: the connection never became a WebSocket. A browser fires `error` then `close` (code 1006).',
  'handshake.accept-mismatch':
    'The server must answer base64(SHA-1(key + GUID)). A wrong Sec-WebSocket-Accept means the server did not understand the request, or something in between rewrote it; a browser refuses the connection.',
  'handshake.bad-headers':
    'An upgrade needs `Upgrade: websocket`, `Connection: Upgrade`, a 16-byte base64 `Sec-WebSocket-Key` and `Sec-WebSocket-Version: 13`. Without them a server must refuse.',
  'handshake.no-response':
    'The client asked to upgrade but no answer is in the capture: the server never replied, or the capture ended first.',
  'handshake.malformed':
    'The HTTP request or response head does not follow HTTP/1.1 syntax, so its headers cannot be trusted.',
  'handshake.too-large': 'The HTTP head is larger than wsscope reads; servers also refuse very large heads (431).',
  'handshake.subprotocol-not-offered':
    'A server may only pick a subprotocol from the client’s Sec-WebSocket-Protocol list; a browser fails the connection otherwise.',
  'frame.client-unmasked':
    'Every frame from a client must be masked (MASK = 1), so that bytes a script chooses cannot pose as another protocol to proxies on the way (cache poisoning, RFC 6455 §10.3). A server must close with 1002.',
  'frame.server-masked': 'A server must never mask its frames (MASK = 0). A client must close with 1002.',
  'frame.rsv-without-extension':
    'RSV1-3 must be 0 unless a negotiated extension gives them a meaning (permessage-deflate uses RSV1). A receiver must fail the connection.',
  'frame.reserved-opcode':
    'Opcodes 3-7 and 11-15 are reserved for future use; a receiver that sees one must fail the connection.',
  'frame.control-too-long':
    'Control frames (close, ping, pong) carry at most 125 bytes, so they fit the 7-bit length and can be sent between fragments quickly.',
  'frame.control-fragmented': 'Control frames must not be fragmented: FIN must be 1 on close, ping and pong.',
  'frame.non-minimal-length':
    'The length must use its shortest form: 0-125 in 7 bits, 126-65535 in the 16-bit form, larger in the 64-bit form.',
  'frame.length-top-bit': 'The most significant bit of the 64-bit length must be 0 (lengths are below 2^63).',
  'frame.incomplete': 'The capture does not hold all of this frame’s bytes (a TCP gap or the end of the capture).',
  'frame.too-large': 'The frame is larger than wsscope keeps in memory; its header is shown, its payload is skipped.',
  'frame.resynchronized':
    'After lost bytes, wsscope found frame boundaries again by looking for a run of valid frame headers; frames in between are skipped.',
  'frame.unsynchronized':
    'Bytes were lost where a frame header was, so where the next frame starts is unknown; the rest of this direction cannot be read.',
  'message.orphan-continuation':
    'A continuation frame (opcode 0) must follow a text or binary frame with FIN = 0. This one has no message to continue.',
  'message.interleaved-data':
    'While a fragmented message is in progress only its continuation frames and control frames may be sent, never a new text or binary frame.',
  'message.invalid-utf8':
    'A text message must be valid UTF-8 as a whole. The receiver must fail the connection with close code 1007; a browser closes it and the page never sees the message. The first invalid bytes are marked in red.',
  'message.inflate-failed':
    'The message was marked compressed (RSV1) but its bytes are not a valid DEFLATE stream for the negotiated context; the receiver must fail the connection.',
  'message.too-large':
    'The message grows beyond what wsscope keeps in memory: often a deflate bomb (a few bytes that inflate to gigabytes).',
  'message.incomplete': 'The fragmented message had no final frame (FIN = 1) before the capture or connection ended.',
  'close.invalid-code':
    'Codes 1004, 1005, 1006 and 1015 are reserved for reporting and must never be sent in a close frame; codes below 1000 are not used either.',
  'close.invalid-payload':
    'A close body is either empty or a 2-byte code followed by a UTF-8 reason; one byte alone, or a reason that is not UTF-8, is malformed.',
  'close.data-after-close': 'After sending a close frame an endpoint must not send any more data frames.',
  'close.missing':
    'The TCP connection ended without a close handshake: a browser reports `close` with code 1006 and wasClean = false.',
  'pong.unsolicited':
    'A pong normally answers a ping with the same payload. An unsolicited pong is allowed (a heartbeat) and needs no answer.',
  'extension.not-negotiated':
    'The server accepted an extension the client never offered; the client must fail the connection.',
  'extension.bad-parameters':
    'The permessage-deflate parameters are invalid (RFC 7692 §7.1); the connection must fail.',
  'decoder.internal-error': 'wsscope itself failed here. Please report it with the capture so it can be fixed.',
  'tls.no-keys':
    'The connection is encrypted and no key log line matches its client random. Run the client with SSLKEYLOGFILE=keys.log and open that file as a key log.',
  'tls.decrypt-failed':
    'A record did not authenticate with the keys given: the key log line belongs to another session, or the record was damaged.',
  'tls.gap':
    'TCP bytes are missing, so TLS records were lost; decryption resumed at the next record header, confirmed by its authentication tag.',
  'tls.alert': 'A TLS alert ends or warns about the session (RFC 8446 §6): its name says why.',
  'tls.mid-connection':
    'The capture began after the ClientHello, so the client random is unknown; the key log’s secrets were tried against the first records.',
  'tls.key-update': 'TLS 1.3 KeyUpdate (RFC 8446 §4.6.3): the sender switched to the next traffic secret.',
  'app.malformed':
    'The message does not parse as the application protocol chosen for the connection; the finding names the byte where it stopped.',
};

/** What a finding of a group means when its code has no text of its own (codes added later). */
export const GROUP_WHY: Readonly<Record<FindingGroup, string>> = {
  capture: 'Something in the capture file itself, not in the traffic.',
  tcp: 'Something in how the TCP bytes were captured or delivered, below WebSocket.',
  handshake: 'Something in the HTTP upgrade that opens the WebSocket connection (RFC 6455 §4).',
  frame: 'A frame breaks a rule of RFC 6455 §5; a receiver must fail the connection.',
  message: 'A message breaks a rule of RFC 6455 §5.4-§8 once its frames are put together.',
  close: 'Something in the closing handshake (RFC 6455 §5.5.1, §7).',
  extension: 'Something in an extension’s negotiation or use (RFC 6455 §9, RFC 7692).',
  limit: 'wsscope stopped keeping something to stay within its memory limits; the rest is still decoded.',
  decoder: 'wsscope itself failed here.',
  tls: 'Something in the TLS layer under wss:// (RFC 8446, RFC 5246): keys, records or alerts.',
  app: 'A message does not follow the application protocol chosen for its connection (Socket.IO, MQTT, STOMP, …).',
};

/** The key under which the text of `code` is to be translated. */
export const findingKey = (code: FindingCode): string => `explain.finding.${code}`;
