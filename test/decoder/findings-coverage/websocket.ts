// Findings of the WebSocket layers (frames, messages, the close handshake, extensions), each from
// a small capture of one upgraded connection (see ../findings-coverage.test.ts).
import { text } from '../../helpers/frame-writer.js';
import { hex, type TcpConversation } from '../../helpers/pcap-writer.js';
import {
  clientFrame,
  type FindingCase,
  sendText,
  serverFrame,
  switchingProtocols,
  upgradeRequest,
  wsCapture,
} from '../../helpers/ws-capture.js';

const ping = (c: TcpConversation, n: number) =>
  c.send('client', clientFrame({ opcode: 9, payload: new Uint8Array(n) }));
const pdOffer = 'Sec-WebSocket-Extensions: permessage-deflate\r\n';

/** Ten client frames, the header of the fourth hidden by a TCP gap: sync is lost there and found again. */
function hiddenHeader(c: TcpConversation): void {
  const frames = Array.from({ length: 10 }, (_, i) => clientFrame({ opcode: 1, payload: text(`message number ${i}`) }));
  frames.forEach((f, i) => {
    if (i === 3) c.next.client += f.length;
    else c.send('client', f);
  });
}

export const WEBSOCKET_CASES: Record<string, FindingCase> = {
  // ------------------------------------------------------------- frames
  'frame.client-unmasked': {
    input: () => wsCapture((c) => c.send('client', serverFrame({ opcode: 1, payload: text('bare') }))),
    message: /client frame sent with mask bit 0/,
    direction: 'client',
  },
  'frame.server-masked': {
    input: () => wsCapture((c) => c.send('server', clientFrame({ opcode: 1, payload: text('hidden') }))),
    message: /server frame sent with mask bit 1/,
    direction: 'server',
  },
  'frame.rsv-without-extension': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 1, rsv: 0b010, payload: text('x') }))),
    message: /^rsv2 set/,
    direction: 'client',
  },
  'frame.reserved-opcode': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 3, payload: text('x') }))),
    message: /reserved opcode 0x3/,
    direction: 'client',
  },
  'frame.control-too-long': {
    input: () => wsCapture((c) => ping(c, 126)),
    message: /opcode 0x9\) with payload length 126/,
    direction: 'client',
  },
  'frame.control-fragmented': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 9, fin: false, payload: text('p') }))),
    message: /opcode 0x9\) with fin 0/,
    direction: 'client',
  },
  'frame.non-minimal-length': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 1, lengthForm: 16, payload: text('short') }))),
    message: /payload length 5 sent in the 16-bit form/,
    direction: 'client',
  },
  'frame.length-top-bit': {
    input: () =>
      wsCapture((c) =>
        c.send(
          'client',
          clientFrame({ opcode: 2, lengthForm: 64, declaredLength: 2n ** 63n + 5n, payload: text('x') }),
        ),
      ),
    message: /length 9223372036854775813 has its most significant bit set/,
    direction: 'client',
  },
  'frame.incomplete': {
    input: () =>
      wsCapture((c) => c.send('client', clientFrame({ opcode: 2, declaredLength: 100, payload: new Uint8Array(10) }))),
    message: /up to byte 10 of 100/,
    direction: 'client',
  },
  'frame.too-large': {
    options: { limits: { maxFramePayload: 100 } },
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 2, payload: new Uint8Array(200) }))),
    message: /payload length 200 exceeds the limit of 100 bytes/,
    direction: 'client',
  },
  'frame.unsynchronized': {
    input: () => wsCapture(hiddenHeader),
    message: /a gap of 22 bytes at .* hides a frame header/,
  },
  'frame.resynchronized': {
    input: () => wsCapture(hiddenHeader),
    message: /found again at .* after 22 undecoded bytes/,
  },

  // ------------------------------------------------------------- messages
  'message.orphan-continuation': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 0, payload: text('tail') }))),
    message: /continuation frame 1 with no message to continue/,
    direction: 'client',
  },
  'message.interleaved-data': {
    input: () =>
      wsCapture((c) => {
        c.send('client', clientFrame({ opcode: 1, fin: false, payload: text('first half') }));
        sendText('a new message')(c);
      }),
    message: /new text frame 2 while a fragmented message was open/,
    direction: 'client',
  },
  'message.invalid-utf8': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 1, payload: hex('48 69 ff') }))),
    message: /not valid utf-8: invalid sequence at byte 2 of 3/,
    direction: 'client',
  },
  'message.inflate-failed': {
    // ff: a final deflate block of the reserved type 11 (RFC 1951 §3.2.3), which no inflater accepts.
    input: () =>
      wsCapture((c) => c.send('client', clientFrame({ opcode: 1, rsv: 0b100, payload: hex('ff ff ff ff') })), {
        request: upgradeRequest(pdOffer),
        response: switchingProtocols('Sec-WebSocket-Extensions: permessage-deflate\r\n'),
      }),
    message: /inflate failed: invalid block type/,
    direction: 'client',
  },
  'message.too-large': {
    options: { limits: { maxMessageSize: 100 } },
    input: () => wsCapture(sendText('a'.repeat(200))),
    message: /reaches 200 bytes on the wire .* over the 100-byte limit/,
    direction: 'client',
  },
  'message.incomplete': {
    input: () =>
      wsCapture((c) => c.send('client', clientFrame({ opcode: 1, fin: false, payload: text('never ends') }))),
    message: /never finished: 1 frame seen, none with fin set/,
    direction: 'client',
  },
  'limit.message-frames-unlisted': {
    // Six fragments under a limit of four listed ids (2^20 by default: the same path, smaller).
    options: { limits: { maxMessageFrameIds: 4 } },
    input: () =>
      wsCapture((c) => {
        for (let i = 0; i < 6; i++)
          c.send('client', clientFrame({ opcode: i === 0 ? 1 : 0, fin: i === 5, payload: text(`part ${i};`) }));
      }),
    message: /^message of 6 frames lists the ids of its first 4 only; every frame still names its message/,
    direction: 'client',
  },

  // ------------------------------------------------------------- close handshake and control frames
  'close.invalid-code': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 8, payload: hex('03 ed') }))),
    message: /close code 1005 /,
    direction: 'client',
  },
  'close.invalid-payload': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 8, payload: hex('03') }))),
    message: /close frame body of 1 byte/,
    direction: 'client',
  },
  'close.data-after-close': {
    input: () =>
      wsCapture((c) => {
        c.send('client', clientFrame({ opcode: 8, payload: hex('03 e8') }));
        sendText('too late')(c);
      }),
    message: /client sent a text frame after its close frame/,
    direction: 'client',
  },
  'close.missing': {
    input: () => wsCapture(sendText('bye without a close frame')),
    message: /connection ended by TCP FIN without a WebSocket close frame/,
  },
  'pong.unsolicited': {
    input: () => wsCapture((c) => c.send('client', clientFrame({ opcode: 10, payload: text('unasked') }))),
    message: /pong from the client matches no ping/,
    direction: 'client',
  },

  // ------------------------------------------------------------- extensions
  'extension.not-negotiated': {
    input: () =>
      wsCapture(() => {}, { response: switchingProtocols('Sec-WebSocket-Extensions: permessage-deflate\r\n') }),
    message: /extension "permessage-deflate" that the client did not offer/,
    direction: 'server',
  },
  'extension.bad-parameters': {
    input: () =>
      wsCapture(() => {}, {
        request: upgradeRequest(pdOffer),
        response: switchingProtocols('Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7\r\n'),
      }),
    message: /server_max_window_bits=7; expected 8 to 15/,
    direction: 'server',
  },
};
