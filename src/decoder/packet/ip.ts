// What the IPv4 and IPv6 decoders hand to the transport layer, and protocol names.

import type { Finding } from '../findings.js';

export const IP_PROTOCOL = {
  HOPOPTS: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
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
  | { kind: 'other'; what: string }
  | { kind: 'error'; finding: Finding };
