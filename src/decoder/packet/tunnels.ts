// Tunnels and encapsulations opened the way Wireshark opens them (by UDP port, IP protocol
// number or EtherType), so an upgrade carried inside a mobile core, an overlay network or a
// provider's VPN is decoded like any other. Each function reads one encapsulation header and
// says where the inner packet starts: an IP header, or an Ethernet frame (link.ts reads it).
//
//   GTP-U   UDP 2152 (3GPP TS 29.281 §5.1): flags(1) type(1) length(2) TEID(4); with E, S or PN
//           set, sequence(2) N-PDU(1) next-extension-type(1), then extension headers of
//           length*4 bytes each, the last byte naming the next. Only G-PDUs (type 255) carry
//           user packets; the others are GTP signalling (echo, error indication, end marker).
//   VXLAN   UDP 4789 (RFC 7348 §5): 8 bytes, then an Ethernet frame.
//   Geneve  UDP 6081 (RFC 8926 §3.4): 8 bytes + options (length in 4-byte words), protocol type.
//   GRE     IP protocol 47 (RFC 2784, RFC 2890): flags/version(2) protocol(2), then checksum
//           (C), key (K) and sequence (S) words. Protocol 0x0800/0x86dd IP, 0x6558 Ethernet,
//           0x8847 MPLS, 0x88be ERSPAN II (8-byte header; type I has none), 0x22eb ERSPAN III
//           (12 bytes, +8 with the O flag). Version 1 is PPTP's enhanced GRE carrying PPP
//           (RFC 2637 §4.1).
//   IP-in-IP  IP protocol 4 (IPv4 inside, RFC 2003) and 41 (IPv6 inside, RFC 4213).
//   MPLS    EtherType 0x8847/0x8848 (RFC 3032): 4-byte labels until bottom-of-stack; then IPv4
//           or IPv6 by the first nibble, or (nibble 0) a pseudowire control word and Ethernet
//           (RFC 4448), Wireshark's default guesses.
//   PPPoE   EtherType 0x8864 (RFC 2516 §4): 6 bytes, then PPP protocol 0x0021 IPv4 / 0x0057 IPv6.
//
// What is not opened (ESP, L2TP, GRE of another protocol, encrypted PPTP) is 'opaque': it may
// carry TCP that wsscope cannot see, and the session says how many such packets it skipped.

import type { CaptureRecord } from '../capture/types.js';
import { headerCutOff, u16 } from './context.js';
import type { IpResult } from './ip.js';

export type Inner =
  | { kind: 'ip'; version: 4 | 6; offset: number; via: string }
  | { kind: 'ethernet'; offset: number; via: string }
  | { kind: 'other'; what: string; opaque: boolean }
  | { kind: 'error'; finding: ReturnType<typeof headerCutOff> };

type Ip = Extract<IpResult, { kind: 'ip' }>;

export const UDP_PORT = { GTP_U: 2152, VXLAN: 4789, GENEVE: 6081, L2TP: 1701, IPSEC_NAT_T: 4500 } as const;
export const ETHERTYPE_MPLS = new Set([0x8847, 0x8848]);
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
export const ETHERTYPE_PPPOE_DISCOVERY = 0x8863;

const cut = (record: CaptureRecord, what: string, need: number, have: number): Inner => ({
  kind: 'error',
  finding: headerCutOff(record, what, need, have),
});

/** An IP packet at `offset` whose version is its first nibble. */
function ipByNibble(record: CaptureRecord, offset: number, via: string, end: number): Inner {
  if (offset >= end) return cut(record, `${via} payload`, 1, 0);
  const version = (record.data[offset] as number) >> 4;
  if (version === 4 || version === 6) return { kind: 'ip', version, offset, via };
  return { kind: 'other', what: `${via} payload (ip version ${version})`, opaque: true };
}

/** By EtherType-like protocol number (GRE, Geneve). */
function byProtocolType(record: CaptureRecord, type: number, offset: number, via: string, end: number): Inner {
  if (type === 0x0800) return { kind: 'ip', version: 4, offset, via };
  if (type === 0x86dd) return { kind: 'ip', version: 6, offset, via };
  if (type === 0x6558) return { kind: 'ethernet', offset, via };
  if (ETHERTYPE_MPLS.has(type)) return mpls(record, offset, via, end);
  return { kind: 'other', what: `${via} (protocol 0x${type.toString(16).padStart(4, '0')})`, opaque: true };
}

/** UDP: a tunnel by port, or null when the datagram is plain UDP. */
export function udpTunnel(record: CaptureRecord, ip: Ip): Inner | null {
  const data = record.data;
  const at = ip.offset;
  if (ip.end - at < 8) return null;
  const src = u16(data, at);
  const dst = u16(data, at + 2);
  const is = (port: number) => src === port || dst === port;
  const p = at + 8;
  const have = ip.end - p;
  if (is(UDP_PORT.GTP_U)) {
    if (have < 8) return cut(record, 'gtp-u header', 8, have);
    const flags = data[p] as number;
    if (flags >> 5 !== 1 || (flags & 0x10) === 0) return { kind: 'other', what: 'GTP-U (not version 1)', opaque: true };
    if (data[p + 1] !== 0xff) return { kind: 'other', what: 'GTP-U signalling', opaque: false };
    let q = p + 8;
    if (flags & 0x07) {
      if (ip.end - q < 4) return cut(record, 'gtp-u optional fields', 4, ip.end - q);
      let next = data[q + 3] as number;
      q += 4;
      while (next !== 0) {
        const length = (data[q] as number) * 4;
        if (length === 0 || q + length > ip.end) return cut(record, 'gtp-u extension header', length || 4, ip.end - q);
        next = data[q + length - 1] as number;
        q += length;
      }
    }
    return ipByNibble(record, q, 'GTP-U', ip.end);
  }
  if (is(UDP_PORT.VXLAN)) {
    if (have < 8) return cut(record, 'vxlan header', 8, have);
    return { kind: 'ethernet', offset: p + 8, via: 'VXLAN' };
  }
  if (is(UDP_PORT.GENEVE)) {
    if (have < 8) return cut(record, 'geneve header', 8, have);
    const length = 8 + ((data[p] as number) & 0x3f) * 4;
    if (have < length) return cut(record, 'geneve options', length, have);
    return byProtocolType(record, u16(data, p + 2), p + length, 'Geneve', ip.end);
  }
  if (is(UDP_PORT.L2TP)) return { kind: 'other', what: 'L2TP', opaque: true };
  if (is(UDP_PORT.IPSEC_NAT_T)) return { kind: 'other', what: 'ESP in UDP', opaque: true };
  return null;
}

/** GRE (IP protocol 47), including ERSPAN and PPTP's enhanced GRE. */
export function gre(record: CaptureRecord, ip: Ip): Inner {
  const data = record.data;
  const p = ip.offset;
  if (ip.end - p < 4) return cut(record, 'gre header', 4, ip.end - p);
  const flags = u16(data, p);
  const type = u16(data, p + 2);
  const version = flags & 0x7;
  if (version === 1) {
    // PPTP (RFC 2637 §4.1): key always, sequence (S) and acknowledgment (0x0080) optional.
    let q = p + 8 + (flags & 0x1000 ? 4 : 0) + (flags & 0x0080 ? 4 : 0);
    if (q > ip.end) return cut(record, 'enhanced gre header', q - p, ip.end - p);
    if (q === ip.end) return { kind: 'other', what: 'PPTP (acknowledgment)', opaque: false };
    if (data[q] === 0xff && data[q + 1] === 0x03) q += 2; // PPP address and control
    const protocol = (data[q] as number) & 1 ? (data[q] as number) : u16(data, q);
    const at = q + ((data[q] as number) & 1 ? 1 : 2);
    if (protocol === 0x21) return { kind: 'ip', version: 4, offset: at, via: 'PPTP' };
    if (protocol === 0x57) return { kind: 'ip', version: 6, offset: at, via: 'PPTP' };
    return { kind: 'other', what: 'PPTP (PPP not carrying IP, e.g. encrypted)', opaque: true };
  }
  if (version !== 0 || flags & 0x4000) return { kind: 'other', what: 'GRE (routing or unknown version)', opaque: true };
  const length = 4 + (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0) + (flags & 0x1000 ? 4 : 0);
  if (ip.end - p < length) return cut(record, 'gre header', length, ip.end - p);
  const q = p + length;
  if (type === 0x88be) {
    // ERSPAN type II has an 8-byte header and GRE sequence numbers; type I has neither.
    const erspan = flags & 0x1000 ? 8 : 0;
    if (ip.end - q < erspan) return cut(record, 'erspan header', erspan, ip.end - q);
    return { kind: 'ethernet', offset: q + erspan, via: 'ERSPAN' };
  }
  if (type === 0x22eb) {
    if (ip.end - q < 12) return cut(record, 'erspan iii header', 12, ip.end - q);
    const platform = (data[q + 11] as number) & 0x01 ? 8 : 0;
    return { kind: 'ethernet', offset: q + 12 + platform, via: 'ERSPAN' };
  }
  return byProtocolType(record, type, q, 'GRE', ip.end);
}

/** IP-in-IP: IPv4 (protocol 4) or IPv6 (41) right after the outer header. */
export function ipInIp(ip: Ip): Inner {
  return ip.protocol === 4
    ? { kind: 'ip', version: 4, offset: ip.offset, via: 'IP-in-IP' }
    : { kind: 'ip', version: 6, offset: ip.offset, via: 'IPv6-in-IP' };
}

/** MPLS label stack at `offset`, then what the first nibble after it says. */
export function mpls(record: CaptureRecord, offset: number, via: string, end: number = record.data.length): Inner {
  const data = record.data;
  let p = offset;
  for (let labels = 0; ; labels++) {
    if (end - p < 4) return cut(record, 'mpls label', 4, end - p);
    if (labels >= 16) return { kind: 'other', what: 'MPLS (label stack too deep)', opaque: true };
    const bottom = ((data[p + 2] as number) & 0x01) !== 0;
    p += 4;
    if (bottom) break;
  }
  if (p >= end) return cut(record, 'mpls payload', 1, 0);
  const nibble = (data[p] as number) >> 4;
  if (nibble === 4 || nibble === 6) return { kind: 'ip', version: nibble, offset: p, via };
  // RFC 4448 §3: a pseudowire control word (first nibble 0), then the Ethernet frame.
  if (nibble === 0 && end - p >= 4 + 14) return { kind: 'ethernet', offset: p + 4, via };
  return { kind: 'other', what: 'MPLS payload', opaque: true };
}

/** PPPoE session stage (EtherType 0x8864): header, PPP protocol, IP. */
export function pppoe(record: CaptureRecord, offset: number): Inner {
  const data = record.data;
  if (data.length - offset < 8) return cut(record, 'pppoe header', 8, data.length - offset);
  const protocol = u16(data, offset + 6);
  if (protocol === 0x0021) return { kind: 'ip', version: 4, offset: offset + 8, via: 'PPPoE' };
  if (protocol === 0x0057) return { kind: 'ip', version: 6, offset: offset + 8, via: 'PPPoE' };
  return { kind: 'other', what: 'PPPoE control (PPP LCP/IPCP/…)', opaque: false };
}
