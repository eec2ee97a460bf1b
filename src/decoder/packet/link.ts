// Link layers: find the IP packet inside a record.
//
//   Ethernet II (1)    dst(6) src(6) EtherType(2); 802.1Q / 802.1ad tags (TPID 0x8100, 0x88a8,
//                      0x9100) of 4 bytes each may be stacked before the real EtherType.
//                      MPLS (0x8847/0x8848) and PPPoE sessions (0x8864) are opened by tunnels.ts.
//                      A value below 0x0600 is an IEEE 802.3 length, not an EtherType.
//   Linux SLL (113)    packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2)   = 16 bytes
//   Linux SLL2 (276)   protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1)
//                      addr len(1) addr(8)                                        = 20 bytes
//   NULL (0)           4-byte address family in the capturing host's byte order
//   LOOP (108)         4-byte address family, big-endian (OpenBSD)
//   raw IP (101, 12, 14)  the IP header directly; version from its first nibble
//   IPv4 (228), IPv6 (229)  the IP header directly
// BSD AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).

import type { CaptureRecord } from '../capture/types.js';
import type { Finding } from '../findings.js';
import { headerCutOff, packetFinding, u16, u32 } from './context.js';
import { isNamedLinkType, LINKTYPE, linkTypeName } from './linktypes.js';

export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  MPLS: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_DISCOVERY: 0x8863,
  PPPOE_SESSION: 0x8864,
} as const;
const AF_INET = 2;
const AF_INET6 = new Set([24, 28, 30]);

export type LinkResult =
  | { kind: 'ip'; version: 4 | 6; offset: number }
  /** MPLS or PPPoE session (tunnels.ts opens them): the EtherType and where its header starts. */
  | { kind: 'ethertype'; type: number; offset: number }
  | { kind: 'other'; what: string }
  | { kind: 'error'; finding: Finding };

/** Where the IP packet starts in `record.data`, or why there is none. */
export function decodeLink(record: CaptureRecord): LinkResult {
  const data = record.data;
  switch (record.linkType) {
    case LINKTYPE.ETHERNET:
      return ethernetAt(record, 0);
    case LINKTYPE.LINUX_SLL:
      if (data.length < 16)
        return { kind: 'error', finding: headerCutOff(record, 'linux cooked header', 16, data.length) };
      return byEtherType(u16(data, 14), 16);
    case LINKTYPE.LINUX_SLL2:
      if (data.length < 20)
        return { kind: 'error', finding: headerCutOff(record, 'linux cooked v2 header', 20, data.length) };
      return byEtherType(u16(data, 0), 20);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (data.length < 4) return { kind: 'error', finding: headerCutOff(record, 'loopback header', 4, data.length) };
      let family = u32(data, 0);
      // NULL is in the writer's byte order; families are small, so the order is easy to tell.
      if (record.linkType === LINKTYPE.NULL && family > 0xffff)
        family = ((data[3] << 24) | (data[2] << 16) | (data[1] << 8) | data[0]) >>> 0;
      if (family === AF_INET) return { kind: 'ip', version: 4, offset: 4 };
      if (AF_INET6.has(family)) return { kind: 'ip', version: 6, offset: 4 };
      return { kind: 'other', what: `loopback address family ${family}` };
    }
    case LINKTYPE.RAW:
    case LINKTYPE.DLT_RAW:
    case LINKTYPE.DLT_RAW_OPENBSD:
      return rawIp(record);
    case LINKTYPE.IPV4:
      return { kind: 'ip', version: 4, offset: 0 };
    case LINKTYPE.IPV6:
      return { kind: 'ip', version: 6, offset: 0 };
    default: {
      const known = isNamedLinkType(record.linkType) ? ` (${linkTypeName(record.linkType)})` : '';
      return {
        kind: 'error',
        finding: packetFinding(
          record,
          'capture.unknown-link-type',
          `link type ${record.linkType}${known} of record ${record.index} is not supported`,
        ),
      };
    }
  }
}

/** An Ethernet II frame starting at `start` (a record's start, or inside a tunnel). */
export function ethernetAt(record: CaptureRecord, start: number): LinkResult {
  const data = record.data;
  let p = start + 12;
  for (;;) {
    if (data.length < p + 2)
      return { kind: 'error', finding: headerCutOff(record, 'ethernet header', p + 2 - start, data.length - start) };
    const type = u16(data, p);
    if (type !== ETHERTYPE.VLAN && type !== ETHERTYPE.QINQ && type !== ETHERTYPE.QINQ_OLD) break;
    p += 4; // TPID(2) + TCI(2): the next EtherType follows the tag.
  }
  const type = u16(data, p);
  if (type < 0x0600) return { kind: 'other', what: 'ieee 802.3 frame' };
  return byEtherType(type, p + 2);
}

function byEtherType(type: number, offset: number): LinkResult {
  if (type === ETHERTYPE.IPV4) return { kind: 'ip', version: 4, offset };
  if (type === ETHERTYPE.IPV6) return { kind: 'ip', version: 6, offset };
  if (type === ETHERTYPE.ARP) return { kind: 'other', what: 'arp' };
  if (type === ETHERTYPE.MPLS || type === ETHERTYPE.MPLS_MULTICAST || type === ETHERTYPE.PPPOE_SESSION)
    return { kind: 'ethertype', type, offset };
  if (type === ETHERTYPE.PPPOE_DISCOVERY) return { kind: 'other', what: 'pppoe discovery' };
  return { kind: 'other', what: `ethertype 0x${type.toString(16).padStart(4, '0')}` };
}

function rawIp(record: CaptureRecord): LinkResult {
  if (record.data.length < 1) return { kind: 'error', finding: headerCutOff(record, 'ip header', 1, 0) };
  const version = record.data[0] >> 4;
  if (version === 4 || version === 6) return { kind: 'ip', version, offset: 0 };
  return {
    kind: 'error',
    finding: packetFinding(
      record,
      'capture.malformed-packet',
      `raw ip record ${record.index} starts with ip version ${version}`,
    ),
  };
}
