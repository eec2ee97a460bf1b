// A WebSocket capture whose one server text message comes in `n` one-byte fragments (RFC 6455
// §5.4: a text frame without FIN, n - 2 continuations, a final continuation with FIN), written
// byte by byte here, independent of the parser. The frames travel in 60,000-byte TCP segments so
// that a million fragments make a 3 MB capture of ~50 packets.

import { TcpConversation, writePcap } from './pcap-writer.js';
import { CLIENT, SERVER, switchingProtocols, upgradeRequest } from './ws-capture.js';

/** The payload byte of fragment i: 'a'..'z' in turn, so the message text is known in advance. */
export const fragmentByte = (i: number): number => 0x61 + (i % 26);

/** Server frames (unmasked): [FIN|opcode, length 1, byte] per fragment. */
export function fragmentFrames(n: number): Uint8Array {
  const out = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    const fin = i === n - 1 ? 0x80 : 0;
    const opcode = i === 0 ? 0x1 : 0x0;
    out[3 * i] = fin | opcode;
    out[3 * i + 1] = 1;
    out[3 * i + 2] = fragmentByte(i);
  }
  return out;
}

/** Handshake, the fragmented message from the server, FIN close. */
export function fragmentedMessageCapture(n: number): Uint8Array {
  const c = new TcpConversation({ client: CLIENT, server: SERVER });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('server', fragmentFrames(n), { segmentSize: 60_000 });
  c.close('client');
  return writePcap(c.records);
}
