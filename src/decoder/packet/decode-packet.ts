// decodePacket: one capture record -> one TCP segment, "not TCP", a finding, or an IP fragment.
// Layers, each knowing only its neighbour: link.ts -> ipv4.ts / ipv6.ts -> tcp.ts, with
// tunnels.ts in between when the IP packet (or the EtherType) is an encapsulation: the loop
// below peels one layer per turn, at most MAX_DEPTH of them (a GRE in a GTP-U in a VLAN…).
// Stateless: a fragment of a TCP datagram is returned as is, for IpReassembler (ip-reassembly.ts),
// which hands back the decoded segment once the datagram is whole. Fragments of other protocols
// are 'other' like the rest of non-TCP traffic (never buffered).
// Never throws for bad input: every layer checks lengths before it reads (a read past the end of
// a Uint8Array gives undefined, never an exception, and the checks come first anyway). So an
// exception here is a bug in wsscope, reported as decoder.internal-error for this one record.

import type { CaptureRecord } from '../capture/types.js';
import { internalError } from '../findings.js';
import { IP_PROTOCOL, type IpFragment, type IpResult, protocolName } from './ip.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeLink, ETHERTYPE, ethernetAt, type LinkResult } from './link.js';
import { decodeTcp } from './tcp.js';
import { gre, type Inner, ipInIp, mpls, pppoe, udpTunnel } from './tunnels.js';
import type { PacketDecodeResult } from './types.js';

/** What decodePacket returns: the model's result, or a TCP datagram's fragment for IpReassembler. */
export type PacketResult = PacketDecodeResult | IpFragment;

/** Encapsulations peeled at most per record. */
const MAX_DEPTH = 8;

export function decodePacket(record: CaptureRecord): PacketResult {
  try {
    return decodeLayers(record);
  } catch (error) {
    // Not bad input (see above): a bug. Report it and carry on with the next record.
    return {
      kind: 'error',
      finding: internalError(error, `record ${record.index}`, { packet: record.index, time: record.time }),
    };
  }
}

function decodeLayers(record: CaptureRecord): PacketResult {
  let link: LinkResult | Inner = decodeLink(record);
  let via: string | undefined;
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) return { kind: 'other', what: 'tunnels nested too deep', opaque: true };
    if (link.kind === 'ethertype') {
      link = link.type === ETHERTYPE.PPPOE_SESSION ? pppoe(record, link.offset) : mpls(record, link.offset, 'MPLS');
      continue;
    }
    if (link.kind === 'ethernet') {
      via ??= link.via;
      link = ethernetAt(record, link.offset);
      continue;
    }
    if (link.kind !== 'ip') return link;
    if ('via' in link) via ??= link.via;
    const ip: IpResult = link.version === 4 ? decodeIpv4(record, link.offset) : decodeIpv6(record, link.offset);
    if (ip.kind !== 'ip') {
      if (ip.kind === 'fragment' && ip.protocol !== IP_PROTOCOL.TCP)
        return { kind: 'other', what: protocolName(ip.protocol) };
      return ip;
    }
    if (ip.protocol === IP_PROTOCOL.TCP) {
      const tcp = decodeTcp(record, ip);
      return via !== undefined && tcp.kind === 'tcp' ? { kind: 'tcp', segment: tcp.segment, via } : tcp;
    }
    let inner: Inner | null = null;
    if (ip.protocol === IP_PROTOCOL.UDP) inner = udpTunnel(record, ip);
    else if (ip.protocol === IP_PROTOCOL.GRE) inner = gre(record, ip);
    else if (ip.protocol === IP_PROTOCOL.IPIP || ip.protocol === IP_PROTOCOL.IPV6) inner = ipInIp(ip);
    else if (ip.protocol === IP_PROTOCOL.ESP) return { kind: 'other', what: 'esp', opaque: true };
    if (inner === null) return { kind: 'other', what: protocolName(ip.protocol) };
    link = inner;
  }
}
