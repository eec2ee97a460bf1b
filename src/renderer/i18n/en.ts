// English: the source of the dictionary's keys (index.ts). Plain words for a class; protocol
// tokens as on the wire. Keep zh-CN.ts in step (the type checker lists missing keys).

export const en = {
  'lang.label': 'Language',

  'lesson.name': 'Lesson',
  'lesson.button': 'Lesson',
  'lesson.buttonTitle': 'Teach RFC 6455 step by step from this connection (L)',
  'lesson.exit': '✕ Leave',
  'lesson.prev': 'Previous',
  'lesson.next': 'Next',
  'lesson.keys': '← → Space PageUp PageDown · Esc leaves',
  'lesson.outline': 'Steps',
  'lesson.loading': 'Preparing the lesson…',
  'lesson.noConnection': 'Open a capture and select a WebSocket connection first.',
  'lesson.skipped': 'Skipped',
  'lesson.rfcSays': 'The RFC says',
  'lesson.browserSees': 'In the browser',

  'outline.tcp': 'TCP',
  'outline.request': 'Request',
  'outline.accept': 'Accept',
  'outline.response': '101',
  'outline.frame': 'Frame bits',
  'outline.masking': 'Masking',
  'outline.fragments': 'Fragments',
  'outline.compression': 'Compression',
  'outline.ping': 'Ping/pong',
  'outline.close': 'Close',
  'outline.lifecycle': 'readyState',
  'outline.findings': 'Findings',

  'skip.tcp': 'the capture starts after this connection’s TCP handshake',
  'skip.request': 'no upgrade request in this connection',
  'skip.accept': 'no Sec-WebSocket-Key in this connection',
  'skip.response': 'no response to the upgrade in this connection',
  'skip.frame': 'no WebSocket frame in this connection',
  'skip.masking': 'no masked frame with a payload in this connection',
  'skip.fragments': 'no fragmented message in this connection',
  'skip.compression': 'no compressed message in this connection',
  'skip.ping': 'no ping answered by a pong in this connection',
  'skip.close': 'no close frame in this connection',
  'skip.lifecycle': 'no readyState change in this connection',
  'skip.findings': 'no findings: this connection follows the RFC',

  'word.client': 'client',
  'word.server': 'server',
  'word.packet': 'packet',
  'word.empty': '(empty)',
  'word.clientToServer': 'client → server',
  'word.serverToClient': 'server → client',

  'step.tcp.title': 'First, an ordinary TCP connection',
  'step.tcp.caption':
    'WebSocket runs on TCP. Before any WebSocket byte, the client {client} opens a TCP connection to the server {server} with the three-way handshake.',
  'step.tcp.ack': 'the third packet of the handshake; the HTTP request follows',
  'step.request.title': 'The upgrade request: plain HTTP',
  'step.request.caption':
    'The client asks, in HTTP/1.1, to switch this TCP connection to WebSocket. Each header has a job:',
  'step.accept.title': 'The accept key, computed from this connection’s key',
  'step.accept.caption':
    'The server proves it understood the request: it appends the fixed GUID to the client’s key, takes SHA-1, and sends the base64 of it back.',
  'step.response.title': 'The answer: 101 Switching Protocols',
  'step.response.caption101':
    'The server agrees. After this response’s empty line, both sides speak WebSocket frames, not HTTP.',
  'step.response.captionRefused':
    'The server answered {status}: not 101, so the connection stays HTTP and no WebSocket opens.',
  'step.frame.title': 'A frame, bit by bit',
  'step.frame.caption':
    'Frame #{id} ({dir}, {type}) drawn the way RFC 6455 §5.2 draws it: 32 bits per row. Each field lights up in turn.',
  'step.masking.title': 'Masking, one byte at a time',
  'step.masking.caption':
    'Frame #{id} carries the masking key {key}. Byte i of the payload is XORed with key byte i mod 4; doing it again gives the original.',
  'step.fragments.title': 'One message, several frames',
  'step.fragments.caption':
    'Message #{id} was sent as {count} frames. The receiver joins their payloads in order; each colour is the frame the bytes came from.',
  'step.fragments.compressedNote': 'These bytes are still compressed: the next step inflates them.',
  'step.compression.title': 'A compressed message (permessage-deflate)',
  'step.compression.caption':
    'Message #{id} travelled as {wire} compressed bytes and became {size} bytes. RFC 7692 says how to get it back:',
  'step.compression.rsv1': 'RSV1 on the first frame marks the message as compressed:',
  'step.compression.inflate':
    'append 00 00 ff ff to the payload, then inflate with DEFLATE: {from} bytes in, {to} bytes out',
  'step.ping.title': 'Ping and pong: is the other side still there?',
  'step.ping.caption':
    'The {from} sends a ping; the {to} must answer with a pong carrying the same data. The gap is the round trip.',
  'step.close.title': 'The close handshake',
  'step.close.caption': 'The {by} closed the connection. Each side sends a Close frame, then TCP closes.',
  'step.close.clean': 'Both Close frames were sent and TCP closed after them: a clean close.',
  'step.close.unclean': 'The close handshake did not complete before TCP closed: not a clean close.',
  'step.lifecycle.title': 'readyState: 0 → 1 → 2 → 3',
  'step.lifecycle.caption':
    'A WebSocket object goes through four states. The timeline uses logical time: every event gets the same width, so the short states show.',
  'step.findings.title': 'What went wrong here ({count})',
  'step.findings.caption': 'wsscope checks every rule. Each finding and the RFC sentence it breaks:',
  'step.findings.closeCode': 'A compliant endpoint fails the connection with close code {code}.',

  'state.CONNECTING': 'the handshake is under way',
  'state.OPEN': 'messages can flow both ways',
  'state.CLOSING': 'a Close frame was sent or received',
  'state.CLOSED': 'the TCP connection is closed',

  'why.req.host': 'which site the client wants (one server can host several)',
  'why.req.upgrade': 'asks to switch this connection from HTTP to the websocket protocol',
  'why.req.connection': 'says that Upgrade is meant for this hop, not to be forwarded',
  'why.req.sec-websocket-key': 'a random 16-byte nonce (base64): the server must answer with its hash',
  'why.req.sec-websocket-version': 'the protocol version; 13 is RFC 6455',
  'why.req.origin': 'the page that opened the socket; the server decides whether to trust it',
  'why.req.sec-websocket-protocol': 'the subprotocols the client can speak, preferred first',
  'why.req.sec-websocket-extensions': 'the extensions the client offers, e.g. permessage-deflate compression',
  'why.req.user-agent': 'which program is asking (not part of the WebSocket handshake)',
  'why.res.upgrade': 'confirms the switch to websocket',
  'why.res.connection': 'confirms the upgrade for this hop',
  'why.res.sec-websocket-accept': 'base64(SHA-1(key + GUID)): proves the server read this request',
  'why.res.sec-websocket-protocol': 'the one subprotocol the server chose from the client’s list',
  'why.res.sec-websocket-extensions': 'the extensions the server accepted, with their parameters',
  'why.status101': 'Switching Protocols: from the next byte on, this connection speaks WebSocket',
  'why.statusOther': 'not 101: the server refused the upgrade and the connection stays HTTP',
  'why.other': 'ordinary HTTP header, not part of the WebSocket handshake',

  'field.websocket.fin': '1 = this is the last frame of the message; 0 = more frames follow.',
  'field.websocket.rsv1':
    'Reserved for extensions; must be 0 unless one is negotiated. permessage-deflate uses it: 1 = compressed.',
  'field.websocket.rsv2': 'Reserved for extensions; must be 0 unless one is negotiated.',
  'field.websocket.rsv3': 'Reserved for extensions; must be 0 unless one is negotiated.',
  'field.websocket.opcode': 'What the payload is: 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong.',
  'field.websocket.mask': '1 = the payload is masked with the key that follows. Clients must mask; servers must not.',
  'field.websocket.payload_length':
    'The payload size: 0–125 is the size itself; 126 = a 16-bit size follows; 127 = a 64-bit size follows.',
  'field.websocket.payload_length_ext16': 'The payload size as a 16-bit number (126 to 65535 bytes).',
  'field.websocket.payload_length_ext64': 'The payload size as a 64-bit number (65536 bytes and more).',
  'field.websocket.masking_key': 'Four random bytes chosen by the client for this frame: the masking key.',

  'accept.valid': '✓ The received Sec-WebSocket-Accept equals the computed one: the handshake is valid.',
  'accept.missing': '✗ No Sec-WebSocket-Accept was received.',
  'accept.invalid':
    '✗ The received Sec-WebSocket-Accept differs from the computed one: the client must fail the connection.',

  'browser.tcp': 'The page called new WebSocket(url). ws.readyState is 0 (CONNECTING); no event yet.',
  'browser.request':
    'The browser writes these headers itself; a page cannot set Sec-WebSocket-Key or Origin. readyState is still 0.',
  'browser.accept':
    'The browser checks the accept itself; when it is wrong the page sees an error event, then close with code 1006.',
  'browser.open':
    'The open event fires; readyState becomes 1 (OPEN). ws.protocol = “{protocol}”, ws.extensions = “{extensions}”.',
  'browser.refused':
    'The page gets an error event, then close (code 1006, wasClean false). It never learns the HTTP status.',
  'browser.frameClient': 'This frame came from ws.send(…) in the page; the page never sees headers or bits.',
  'browser.frameServer': 'The page gets one message event per message, with event.data holding the payload.',
  'browser.masking': 'Invisible to the page: the browser masks every frame it sends with a fresh random key.',
  'browser.fragments': 'The page sees one message event with the whole {type} message, never the fragments.',
  'browser.fragmentsSent':
    'The page called ws.send() once; the sender cut the message into frames. The server’s application still gets one message.',
  'browser.compression':
    'The browser compresses what the page sends and inflates what it receives: the page only ever sees the text; ws.extensions names permessage-deflate.',
  'browser.ping': 'No event: the browser answers pings by itself, and a page cannot send a ping.',
  'browser.findingFatal': 'A browser fails the connection: an error event, then close with code 1006 (wasClean false).',
  'browser.findingQuiet': 'A browser does not report this one to the page.',
  'browser.state.CONNECTING': 'ws.readyState === 0 (WebSocket.CONNECTING)',
  'browser.state.OPEN': 'ws.readyState === 1 (WebSocket.OPEN): the open event has fired',
  'browser.state.CLOSING': 'ws.readyState === 2 (WebSocket.CLOSING): ws.close() was called or a Close frame arrived',
  'browser.state.CLOSED': 'ws.readyState === 3 (WebSocket.CLOSED): the close event has fired',

  'sandbox.accept.title': 'Accept calculator',
  'sandbox.accept.caption': 'Type any Sec-WebSocket-Key and watch the server’s Sec-WebSocket-Accept being computed.',
  'sandbox.accept.open': 'Try it: accept calculator',
  'sandbox.accept.examples': 'Keys from tutorials:',
  'sandbox.accept.notNonce':
    'Not a valid key: the RFC asks for 16 random bytes in base64 (24 characters ending in ==). The hash works anyway.',
  'sandbox.accept.received': 'Received Sec-WebSocket-Accept (optional)',
  'sandbox.builder.title': 'Frame builder',
  'sandbox.builder.caption':
    'Flip the bits, choose an opcode, type a payload: the bytes and the decoder’s verdict change as you go.',
  'sandbox.builder.open': 'Try it: build a frame',
  'sandbox.builder.lengthForm': 'length form (bits)',
  'sandbox.builder.from': 'sent by',
  'sandbox.builder.key': 'masking key',
  'sandbox.builder.payload': 'payload (text, UTF-8)',
  'sandbox.builder.formTooSmall': 'A {form}-bit length cannot hold this payload: written with the {used}-bit form.',
  'sandbox.builder.badKey': 'The masking key must be four hex bytes, e.g. 37 fa 21 3d.',
  'sandbox.builder.loading': 'Loading the decoder…',
  'sandbox.builder.valid': '✓ The decoder finds nothing wrong with this frame.',
  'sandbox.quiz.title': 'Quiz',
  'sandbox.quiz.caption': 'A real frame from this capture with one field hidden. Answer, or reveal it.',
  'sandbox.quiz.open': 'Quiz on real frames',
  'sandbox.back': '◀ Back to the lesson',

  'quiz.frame': 'Frame #{id}:',
  'quiz.mask': 'is this frame masked (MASK)?',
  'quiz.opcode': 'what is its opcode?',
  'quiz.fin': 'is it the last frame of its message (FIN)?',
  'quiz.reveal': 'Reveal',
  'quiz.right': '✓ Right!',
  'quiz.wrong': '✗ Not quite.',
  'quiz.next': 'Another frame ▶',
  'quiz.noFrames': 'Open a capture and select a connection with frames first.',

  'timeline.logical': 'logical time',
  'timeline.logicalTitle': 'space events evenly, so the short CONNECTING and CLOSING states are as wide as OPEN',
} as const;

export type MessageKey = keyof typeof en;
