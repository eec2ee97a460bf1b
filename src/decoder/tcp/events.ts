// The TCP layer's output: per-connection events (stream bytes, gaps, control) for the connection layer.

import type { Finding } from '../findings.js';
import type { Endpoint } from '../records.js';

/** Which side of a tracked connection: 'a' sent the first SYN (or the first packet seen). */
export type Side = 'a' | 'b';

/** The capture records that supplied one run of stream bytes. */
export interface SegmentSpan {
  record: number;
  streamOffset: number;
  length: number;
  time: number;
  /**
   * File offset minus stream offset of these bytes, when they are the capture file's bytes as
   * they are (SessionOptions.payloadSource: the file offset of stream byte x is fileBase + x);
   * undefined otherwise (IP reassembly, TLS plaintext, a shard's copy).
   */
  fileBase?: number;
}

export type TcpEvent =
  | {
      type: 'open';
      connectionId: number;
      a: Endpoint;
      b: Endpoint;
      /** True when the SYN was seen, so 'a' is surely the client. */
      synSeen: boolean;
      record: number;
      time: number;
    }
  /** In-order stream bytes for one side; consecutive 'data' events for a side are contiguous unless a 'gap' separates them. */
  | {
      type: 'data';
      connectionId: number;
      side: Side;
      streamOffset: number;
      bytes: Uint8Array;
      spans: SegmentSpan[];
      /** Record and time of the packet whose arrival released these bytes. */
      record: number;
      time: number;
    }
  | {
      type: 'gap';
      connectionId: number;
      side: Side;
      streamOffset: number;
      length: number;
      record: number;
      time: number;
    }
  | {
      type: 'control';
      connectionId: number;
      side: Side;
      what: 'syn' | 'syn-ack' | 'fin' | 'rst';
      record: number;
      time: number;
    }
  /** The connection is over (both FINs, RST, or port reuse); no more events for this id. */
  | {
      type: 'closed';
      connectionId: number;
      how: 'fin' | 'rst' | 'reused' | 'end-of-capture';
      record: number;
      time: number;
    }
  | { type: 'finding'; finding: Finding };
