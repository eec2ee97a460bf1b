// Encapsulations written byte by byte from their specs (independent of the decoder's tunnels.ts),
// to wrap the IP packets of a TcpConversation: GTP-U, VXLAN, GRE (with ERSPAN II), IP-in-IP,
// MPLS and PPPoE, each inside an outer Ethernet/IPv4 frame.

import { concat, ipv4Packet } from './pcap-writer.js';

const u16 = (n: number) => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
const MACS = Uint8Array.of(2, 0, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0, 0xbb);

/** Ethernet II: destination, source, EtherType, payload. */
export const ethernet = (etherType: number, payload: Uint8Array) => concat(MACS, u16(etherType), payload);

/** Outer IPv4 between two tunnel endpoints. */
export const outerIpv4 = (protocol: number, payload: Uint8Array) =>
  ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', protocol, payload });

/** RFC 768: ports, length, checksum 0 ("no checksum", allowed over IPv4). */
export const udp = (sport: number, dport: number, payload: Uint8Array) =>
  concat(u16(sport), u16(dport), u16(8 + payload.length), u16(0), payload);

/** 3GPP TS 29.281 §5.1: version 1, PT 1, G-PDU (255), length, TEID; `seq` adds the optional word. */
export function gtpu(inner: Uint8Array, seq?: number): Uint8Array {
  const optional = seq === undefined ? new Uint8Array(0) : concat(u16(seq), Uint8Array.of(0, 0));
  const flags = 0x30 | (seq === undefined ? 0 : 0x02);
  return concat(Uint8Array.of(flags, 0xff), u16(optional.length + inner.length), u32(0x1234abcd), optional, inner);
}

/** RFC 7348 §5: flags (I), reserved, VNI 42, reserved; then the inner Ethernet frame. */
export const vxlan = (frame: Uint8Array) => concat(Uint8Array.of(0x08, 0, 0, 0, 0, 0, 42, 0), frame);

/** RFC 8926 §3.4: version 0, no options, protocol type 0x6558 (Ethernet), VNI 42. */
export const geneve = (frame: Uint8Array) => concat(Uint8Array.of(0, 0, 0x65, 0x58, 0, 0, 42, 0), frame);

/** RFC 2784/2890: flags (K: key present), protocol type, key. */
export const gre = (protocolType: number, payload: Uint8Array, key = 7) =>
  concat(u16(0x2000), u16(protocolType), u32(key), payload);

/** GRE with S (sequence) carrying ERSPAN type II (0x88be): 8-byte ERSPAN header, Ethernet frame. */
export const erspan2 = (frame: Uint8Array) =>
  concat(u16(0x1000), u16(0x88be), u32(1), Uint8Array.of(0x10, 0x01, 0, 0, 0, 0, 0, 1), frame);

/** RFC 3032: label entries (label 20 bits, TC 3, S 1, TTL 8), S on the last. */
export function mplsStack(labels: number[], payload: Uint8Array): Uint8Array {
  const entries = labels.map((label, i) => u32(((label << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0));
  return concat(...entries, payload);
}

/** RFC 2516 §4 session stage: ver/type 0x11, code 0, session id, length, PPP protocol 0x0021. */
export const pppoe = (ipv4: Uint8Array) =>
  concat(Uint8Array.of(0x11, 0x00), u16(0x0001), u16(2 + ipv4.length), u16(0x0021), ipv4);
