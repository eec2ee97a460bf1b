// decodePacket: one capture record -> one TCP segment, "not TCP", a finding, or an IP fragment.
// Layers, each knowing only its neighbour: link.ts -> ipv4.ts / ipv6.ts -> tcp.ts.
// Stateless: a fragment of a TCP datagram is returned as is, for IpReassembler (ip-reassembly.ts),
// which hands back the decoded segment once the datagram is whole. Fragments of other protocols
// are 'other' like the rest of non-TCP traffic (never buffered).
// Never throws for bad input: every layer checks lengths before it reads (a read past the end of
// a Uint8Array gives undefined, never an exception, and the checks come first anyway). So an
// exception here is a bug in wsscope, reported as decoder.internal-error for this one record.

import type { CaptureRecord } from '../capture/types.js';
import { internalError } from '../findings.js';
import { IP_PROTOCOL, type IpFragment, protocolName } from './ip.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeLink } from './link.js';
import { decodeTcp } from './tcp.js';
import type { PacketDecodeResult } from './types.js';

/** What decodePacket returns: the model's result, or a TCP datagram's fragment for IpReassembler. */
export type PacketResult = PacketDecodeResult | IpFragment;

export function decodePacket(record: CaptureRecord): PacketResult {
  try {
    const link = decodeLink(record);
    if (link.kind !== 'ip') return link;
    const ip = link.version === 4 ? decodeIpv4(record, link.offset) : decodeIpv6(record, link.offset);
    if (ip.kind !== 'ip') {
      if (ip.kind === 'fragment' && ip.protocol !== IP_PROTOCOL.TCP)
        return { kind: 'other', what: protocolName(ip.protocol) };
      return ip;
    }
    if (ip.protocol !== IP_PROTOCOL.TCP) return { kind: 'other', what: protocolName(ip.protocol) };
    return decodeTcp(record, ip);
  } catch (error) {
    // Not bad input (see above): a bug. Report it and carry on with the next record.
    return {
      kind: 'error',
      finding: internalError(error, `record ${record.index}`, { packet: record.index, time: record.time }),
    };
  }
}
