// Packet layer: a capture record in, a TCP segment (or "other", or a finding) out.
export { decodePacket, type PacketResult } from './decode-packet.js';
export type { IpFragment } from './ip.js';
export { DEFAULT_REASSEMBLY_LIMITS, IpReassembler, type ReassemblyLimits } from './ip-reassembly.js';
export { formatIpv4 } from './ipv4.js';
export { formatIpv6 } from './ipv6.js';
export { LINKTYPE, linkTypeName } from './linktypes.js';
export { decodeTcpFlags } from './tcp.js';
