// The packet layer's output: one TCP segment with what the link and IP layers said of it.

import type { Finding } from '../findings.js';
import type { Endpoint, Timestamp } from '../records.js';

export interface TcpFlags {
  fin: boolean;
  syn: boolean;
  rst: boolean;
  psh: boolean;
  ack: boolean;
  urg: boolean;
  ece: boolean;
  cwr: boolean;
}

/** One decoded TCP segment with what the link and IP layers said about it. */
export interface TcpSegment extends Timestamp {
  record: number;
  ipVersion: 4 | 6;
  src: Endpoint;
  dst: Endpoint;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  /** TCP payload bytes that are in the file (may be shorter than `payloadLength` if truncated). */
  payload: Uint8Array;
  /** Payload length according to the IP header. */
  payloadLength: number;
  truncated: boolean;
}

export type PacketDecodeResult =
  | { kind: 'tcp'; segment: TcpSegment }
  /** Not TCP over IP (ARP, UDP, ICMP …): ignored without a finding. */
  | { kind: 'other'; what: string }
  | { kind: 'error'; finding: Finding };
