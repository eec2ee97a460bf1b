// One capture with what the messages view and the finding marks must show, written byte by byte
// by the test helpers (never by src/): ground truth is what is written here.
//
//   client → "hello"                                   message 1, 1 frame
//   client → "frag" + "men" + "ted" in 3 frames        message 2 (fragment 1..3 of 3)
//   server → "compressed hello" (permessage-deflate)   message 3, RSV1, inflated by the decoder
//   client → text ff fe "abc", unmasked                invalid UTF-8 (bytes 0-1 of the payload),
//                                                      and frame.client-unmasked (the MASK bit)
//   server → close 1000 "bye"                          shown as "1000 bye"
//   client → close 1000 "bye"
//   client → binary frame declaring 2^63 + 16 bytes    a 64-bit length beyond 2^53 - 1

import { deflateRawSync } from 'node:zlib';
import { frame, text } from './frame-writer.js';
import { TcpConversation, writePcap } from './pcap-writer.js';
import { CLIENT, clientFrame, SERVER, serverFrame, switchingProtocols, upgradeRequest } from './ws-capture.js';

/** 2^63 + 16: the 64-bit length written in the last frame, exactly. */
export const HUGE_LENGTH = 9223372036854775824n;

/** RFC 7692 §7.2.1: deflate, then drop the final empty block's 00 00 ff ff. */
function deflateMessage(s: string): Uint8Array {
  const out = deflateRawSync(Buffer.from(s), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return new Uint8Array(out.subarray(0, out.length - 4));
}

export function classroomCapture(withHuge = true): Uint8Array {
  const c = new TcpConversation({ client: CLIENT, server: SERVER });
  c.handshake();
  c.send('client', upgradeRequest('Sec-WebSocket-Extensions: permessage-deflate\r\n'));
  c.send('server', switchingProtocols('Sec-WebSocket-Extensions: permessage-deflate\r\n'));
  c.send('client', clientFrame({ opcode: 1, payload: text('hello') }));
  c.send('client', clientFrame({ opcode: 1, fin: false, payload: text('frag') }));
  c.send('client', clientFrame({ opcode: 0, fin: false, payload: text('men') }));
  c.send('client', clientFrame({ opcode: 0, payload: text('ted') }));
  c.send('server', serverFrame({ opcode: 1, rsv: 0b100, payload: deflateMessage('compressed hello') }));
  c.send('client', frame({ opcode: 1, payload: new Uint8Array([0xff, 0xfe, 0x61, 0x62, 0x63]) }));
  c.send('server', serverFrame({ opcode: 8, payload: new Uint8Array([0x03, 0xe8, ...text('bye')]) }));
  c.send('client', clientFrame({ opcode: 8, payload: new Uint8Array([0x03, 0xe8, ...text('bye')]) }));
  if (withHuge) c.send('client', clientFrame({ opcode: 2, declaredLength: HUGE_LENGTH, payload: text('xy') }));
  c.close('client');
  return writePcap(c.records);
}
