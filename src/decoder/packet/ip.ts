// What the IPv4 and IPv6 decoders hand to the transport layer, and protocol names.

import type { Finding } from '../findings.js';

export const IP_PROTOCOL = {
  HOPOPTS: 0,
  ICMP: 1,
  IPIP: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  ROUTING: 43,
  FRAGMENT: 44,
  GRE: 47,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  NONE: 59,
  DSTOPTS: 60,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  1: 'icmp',
  2: 'igmp',
  17: 'udp',
  47: 'gre',
  50: 'esp',
  58: 'icmpv6',
  132: 'sctp',
};

export function protocolName(protocol: number): string {
  return NAMES[protocol] ?? `ip protocol ${protocol}`;
}

export type IpResult =
  | {
      kind: 'ip';
      version: 4 | 6;
      src: string;
      dst: string;
      /** Upper-layer protocol (after IPv6 extension headers). */
      protocol: number;
      /** Offset of the upper-layer header in record.data. */
      offset: number;
      /** End of the upper-layer bytes present in the file (IP length and file, whichever is shorter). */
      end: number;
      /** Upper-layer length according to the IP header. */
      length: number;
    }
  | IpFragment
  | { kind: 'other'; what: string }
  | { kind: 'error'; finding: Finding };

/**
 * One fragment of an IP datagram (RFC 791 §3.2 "fragmentation and reassembly", RFC 8200 §4.5),
 * handed to IpReassembler. Fragments belong to one datagram when their `key` is equal: RFC 791
 * keys on (src, dst, protocol, identification), RFC 8200 on (src, dst, identification).
 */
export interface IpFragment {
  kind: 'fragment';
  version: 4 | 6;
  src: string;
  dst: string;
  /** Upper-layer protocol of the datagram (IPv6: the Fragment header's Next Header). */
  protocol: number;
  /** Identification: 16 bits for IPv4, 32 for IPv6. */
  id: number;
  /** Position of this fragment's first payload byte in the datagram's payload (bytes, a multiple of 8). */
  offset: number;
  /** More-fragments flag: false on the last fragment. */
  more: boolean;
  /** Fragment payload bytes present in the file: a view into record.data (copy before keeping). */
  payload: Uint8Array;
  /** Fragment payload length according to the IP header (more than payload.length when snapped). */
  length: number;
}
