// Packet layer: a capture record in, a TCP segment (or "other", or a finding) out.
export { decodePacket } from './decode-packet.js';
export { formatIpv4 } from './ipv4.js';
export { formatIpv6 } from './ipv6.js';
export { LINKTYPE, linkTypeName } from './linktypes.js';
export { decodeTcpFlags } from './tcp.js';
