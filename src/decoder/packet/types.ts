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
  /**
   * File offset of `payload[0]`, when the payload is the record's bytes as they are in the file
   * (set by the session only with SessionOptions.payloadSource).
   */
  fileOffset?: number;
}

export type PacketDecodeResult =
  /** `via`: the outermost tunnel the segment came through ('GTP-U', 'VXLAN', …), if any. */
  | { kind: 'tcp'; segment: TcpSegment; via?: string }
  /**
   * Not TCP over IP (ARP, UDP, ICMP …): ignored without a finding. `opaque`: an encapsulation
   * wsscope does not open (ESP, L2TP, …), which may carry TCP it cannot see.
   */
  | { kind: 'other'; what: string; opaque?: boolean }
  | { kind: 'error'; finding: Finding };
