// What each header of the WebSocket opening handshake is for (RFC 6455 §4, §11.3; RFC 7692),
// for the explanation panel. English only for now; keys `explain.header.<lower-case name>` so
// the texts can be translated later through the app's t(key) (src/renderer/i18n).

export interface HeaderText {
  rfc: string;
  text: string;
}

export const HEADER_TEXTS: Readonly<Record<string, HeaderText>> = {
  host: {
    rfc: 'RFC 6455 §4.1',
    text: 'The server the client wants to talk to; required in every HTTP/1.1 request, so one address can serve several sites.',
  },
  upgrade: {
    rfc: 'RFC 6455 §4.1',
    text: 'Asks the server to switch this TCP connection from HTTP to another protocol; the value must contain "websocket". The 101 response repeats it.',
  },
  connection: {
    rfc: 'RFC 6455 §4.1',
    text: 'Must contain "Upgrade": tells proxies that the Upgrade header is for this hop, so they do not forward the request as plain HTTP.',
  },
  'sec-websocket-key': {
    rfc: 'RFC 6455 §4.1',
    text: 'A random 16-byte value in base64, new for every connection. The server proves it understood a WebSocket request by hashing it into Sec-WebSocket-Accept; it is not a secret and not security.',
  },
  'sec-websocket-version': {
    rfc: 'RFC 6455 §4.1',
    text: 'The protocol version the client speaks: 13 is RFC 6455. A server that speaks another answers 426 with the versions it supports.',
  },
  'sec-websocket-accept': {
    rfc: 'RFC 6455 §4.2.2',
    text: 'base64(SHA-1(Sec-WebSocket-Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")): the proof that the server read this request. A client fails the connection when it does not match.',
  },
  origin: {
    rfc: 'RFC 6455 §4.1, §10.2',
    text: 'The page that opened the connection, sent by browsers. Servers check it to refuse pages of other sites (WebSocket is not bound by the same-origin policy).',
  },
  'sec-websocket-protocol': {
    rfc: 'RFC 6455 §4.1',
    text: 'Subprotocols: in the request, the application protocols the client can speak, in order of preference; in the response, the one the server chose (it must be one offered). The page reads it as socket.protocol.',
  },
  'sec-websocket-extensions': {
    rfc: 'RFC 6455 §9.1, RFC 7692',
    text: 'Extensions such as permessage-deflate: offered by the client with parameters, accepted by the server with the parameters it chose. The page reads them as socket.extensions.',
  },
  'user-agent': { rfc: 'RFC 9110 §10.1.5', text: 'The client software; informational only.' },
};

/** The key under which the text of header `name` is to be translated. */
export const headerKey = (name: string): string => `explain.header.${name.toLowerCase()}`;
