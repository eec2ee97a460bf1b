// What each frame header field means and what to look at in it, for the explanation panel:
// more than the field registry's one-line blurb (which the panel shows too). English only for
// now; keys `explain.field.<field key>` so the texts can be translated later through the app's
// t(key) (src/renderer/i18n).

import type { FieldKey } from '../../decoder/index.js';

export const FIELD_TEXTS: Readonly<Record<FieldKey, string>> = {
  'websocket.fin':
    'A message may be sent in several frames (fragments). FIN = 0 says more fragments follow; FIN = 1 marks the last one. Control frames always have FIN = 1. The application sees only the whole message, once the FIN = 1 frame arrives.',
  'websocket.rsv1':
    'Reserved for extensions. With permessage-deflate negotiated, RSV1 = 1 on the first frame of a message says the message is compressed (RFC 7692 §6). Without an extension it must be 0.',
  'websocket.rsv2': 'Reserved for extensions; no common extension uses it, so it must be 0.',
  'websocket.rsv3': 'Reserved for extensions; no common extension uses it, so it must be 0.',
  'websocket.opcode':
    'What the frame carries: 1 text (UTF-8), 2 binary, 0 continuation of a fragmented message; control frames 8 close, 9 ping, 10 pong. Other values are reserved.',
  'websocket.mask':
    'Whether the payload is masked with the 4-byte key that follows. Clients must mask every frame; servers must not. Masking stops a script from choosing the exact bytes that cross a proxy.',
  'websocket.payload_length':
    'Seven bits: 0-125 is the payload length itself; 126 says a 16-bit length follows, 127 a 64-bit length. The shortest form must be used.',
  'websocket.payload_length_ext16': 'The payload length (126-65535) as a 16-bit unsigned number in network byte order.',
  'websocket.payload_length_ext64':
    'The payload length (from 65536) as a 64-bit unsigned number in network byte order; its top bit must be 0. wsscope prints it as an exact integer, however large.',
  'websocket.masking_key':
    'Four random bytes chosen per frame by the client. Payload byte i is XORed with key byte i mod 4; XORing again with the same key gives the original bytes back.',
  'websocket.payload':
    'Extension data (none without extensions) followed by application data. Shown unmasked; a compressed message is inflated in the Payload tab.',
};

/** The key under which the text of field `key` is to be translated. */
export const fieldKey = (key: FieldKey): string => `explain.field.${key}`;
