// The messages between the UI thread and the decoder worker.
//
// Theory of operation: the worker owns every decoded record (payloads, fields, raw heads);
// the UI holds only ROW SUMMARIES (numbers and a short text preview) so that a million rows
// fit in memory and cross postMessage cheaply. Anything bigger (one frame's fields and bytes,
// one message's payload, a search) is a request with an id and one reply.
//
// Byte chunks travel UI → worker as transferables (the sender's buffer is emptied).

import type {
  AppProtocolName,
  CaptureFileInfo,
  CaptureProgress,
  CiphertextRecord,
  ConnectionRecord,
  Finding,
  FrameRecord,
  MessageRecord,
  RequestRecord,
} from '../../decoder/index.js';
import type { MemoryCut } from './memory-budget.js';
import type { FrameRowColumns, MessageRowColumns } from './row-schema.js';
import type { SummaryKeys } from './summary-index.js';

/** A Web Worker, or the same handler on the UI thread (in-thread.ts): what DecoderClient talks to. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface LoadProgress {
  bytesIn: number;
  records: number;
  /** Total input size when known. */
  total: number | null;
  /**
   * Frames decoded so far, as the connections' counts say: the progress line shows this, not the
   * rows the page holds, which it publishes geometrically on a big capture (controller.ts) and so
   * lagged far behind the connection list's counts.
   */
  frames?: number;
  /** Packets not decoded and TCP packets seen through tunnels (CaptureProgress's). */
  skipped?: CaptureProgress['skipped'];
  decapsulated?: CaptureProgress['decapsulated'];
}

// ---------------------------------------------------------------- UI → worker

export type WorkerRequest =
  /**
   * Decode a File (static mode / drag and drop): the worker reads it itself. `memoryBudget`: bytes
   * the worker may hold before it cuts the capture (memory-budget.ts; tests make it small).
   */
  | {
      type: 'open-file';
      file: Blob;
      total: number | null;
      memoryBudget?: number;
      /** Payload bytes kept before payloads are read back from the file (engine.ts KEEP_PAYLOAD_BYTES). */
      keepPayloadBytes?: number;
      /** Threads to decode connections in (shard-policy.ts); undefined: one. */
      shards?: number;
    }
  /**
   * Start a pushed stream (shell mode): chunks follow, then 'end'. To read it again (the TLS records
   * view): `url` (browser mode) or `reread`, a port the page serves passes on (Electron; reread-source.ts).
   */
  | {
      type: 'open-stream';
      total: number | null;
      url?: string | null;
      reread?: MessagePort | null;
      memoryBudget?: number;
      /** As open-file's: payload bytes kept before payloads are read back by range. */
      keepPayloadBytes?: number;
      /** As open-file's (a live capture, total null, decodes in one thread whatever this says). */
      shards?: number;
    }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'frame-detail'; reqId: number; frameId: number }
  | { type: 'message-detail'; reqId: number; messageId: number; maxBytes: number }
  | { type: 'search'; reqId: number; query: string }
  /** The frames a capture record carried (or the nearest one of its connection). */
  | { type: 'packet-frames'; reqId: number; packet: number; connectionId: number | null; time: number | null }
  /** TLS secrets (an NSS key log) for this capture; sent before 'open-*' they apply from the start. */
  | { type: 'key-log'; text: Uint8Array; name: string }
  /** Decode a connection's messages as `protocol` ('none': not at all; null: choose automatically). */
  | { type: 'set-protocol'; connectionId: number; protocol: AppProtocolName | 'none' | null }
  /** The TLS records a decrypted frame came from, as captured and as opened (read again on demand). */
  | { type: 'frame-ciphertext'; reqId: number; frameId: number }
  /** Apply a display filter (issue 12) to everything decoded so far. */
  | { type: 'filter'; reqId: number; source: string }
  /** Whole message records, for exports and replay scripts. */
  | { type: 'messages'; reqId: number; ids: number[] }
  /** The packets of these connections as a pcapng file (a slice). */
  | { type: 'slice'; reqId: number; connectionIds: number[] }
  /** Row preview texts of rows sent without one (engine.ts EAGER_PREVIEWS): the rows a view shows. */
  | { type: 'previews'; reqId: number; frameIds: number[]; messageIds: number[] }
  /**
   * The frames table sorted or filtered by summary: every frame's rank in the page's collation
   * (`locale`), and which summaries contain `match` (lower case), by frame id (summary-index.ts).
   */
  | { type: 'summary-keys'; reqId: number; locale: string; ranks: boolean; match: string | null };

// ---------------------------------------------------------------- worker → UI

export interface Batch {
  type: 'batch';
  info: CaptureFileInfo | null;
  /** Connections that appeared or changed since the last batch (full snapshots). */
  connections: ConnectionRecord[];
  /** New frame rows, and rows updated since (same id: replace), as columns (row-schema.ts). */
  frames: FrameRowColumns;
  messages: MessageRowColumns;
  findings: Finding[];
  progress: LoadProgress;
  done: boolean;
  fatal: string | null;
  /** Decoding stopped here for the memory budget (the batch that says so is done, or soon is). */
  cut?: MemoryCut | null;
  /** Application-protocol readings of messages that are new or changed (app-store.ts). */
  apps?: AppRow[];
  /** Messages whose app reading went away (an override to another protocol or none). */
  removedApps?: number[];
  /** Request/response pairs that are new or changed (full snapshots, by id). */
  requests?: RequestRecord[];
  /** Connections whose requests were all dropped (re-decoded) before `requests` applies. */
  requestsReset?: number[];
}

/** One message's application-protocol reading, as a row (the full AppInfo comes with details). */
export interface AppRow {
  /** The message id. */
  id: number;
  protocol: AppProtocolName;
  kind: string;
  name: string | null;
  summary: string;
  /** Packets the message completed. */
  packets: number;
}

export interface FrameDetail {
  frame: FrameRecord;
  /** The frame's message (payload cut to maxBytes), if it has completed. */
  message: MessageDetail | null;
}

export interface MessageDetail {
  message: MessageRecord;
  /** True when `message.payload` was cut to the requested size. */
  cut: boolean;
  fullLength: number;
}

export interface SearchResult {
  query: string;
  frameIds: number[];
  messageIds: number[];
  /** Why the query could not run (an invalid /regex/), shown instead of results. */
  error?: string;
}

/** A frame's TLS records, or why they cannot be shown. */
export type FrameCiphertext = { records: CiphertextRecord[] } | { unavailable: string };

/** What a display filter keeps, per level; `error` (with the same text as the CLI's) when it does not parse. */
export interface FilterResult {
  source: string;
  error: { message: string; column: number; length: number } | null;
  frameIds: Int32Array;
  messageIds: Int32Array;
  connectionIds: number[];
  /** The fields the filter reads. */
  fields: string[];
  /** Time the worker spent, in milliseconds: in all, and until the frame rows were known. */
  ms: number;
  framesMs: number;
}

/** Preview texts by position of the ids asked for ('' for an id the worker does not hold). */
export interface RowPreviews {
  frames: string[];
  messages: string[];
}

/** A pcapng slice, or why there is none. */
export type SliceResult = { bytes: Uint8Array; packets: number } | { error: string };

export type WorkerReply =
  | Batch
  | { type: 'frame-detail'; reqId: number; detail: FrameDetail | null }
  | { type: 'message-detail'; reqId: number; detail: MessageDetail | null }
  | { type: 'search'; reqId: number; result: SearchResult }
  | { type: 'packet-frames'; reqId: number; frameIds: number[] }
  | { type: 'frame-ciphertext'; reqId: number; detail: FrameCiphertext }
  | { type: 'filter'; reqId: number; result: FilterResult }
  | { type: 'messages'; reqId: number; messages: MessageRecord[] }
  | { type: 'slice'; reqId: number; result: SliceResult }
  | { type: 'previews'; reqId: number; previews: RowPreviews }
  | { type: 'summary-keys'; reqId: number; keys: SummaryKeys }
  /** Something the user should know that is no answer to a request (the capture file cannot be read again). */
  | { type: 'notice'; message: string }
  /** Bytes of 'chunk' requests decoded so far (the page sends more only while few wait: client.ts). */
  | { type: 'consumed'; bytes: number };
