// DecoderClient: the UI side of the decoder worker.
//
// One client per opened capture. Requests get an id and resolve on the matching reply;
// batches go to the `onBatch` callback. cancel() terminates the worker: decoding stops at once
// and every pending request resolves to null.

import type { AppProtocolName, MessageRecord } from '../../decoder/index.js';
import { LazyInThreadWorker } from './page-decoder-loader.js';
import type {
  Batch,
  FilterResult,
  FrameCiphertext,
  FrameDetail,
  MessageDetail,
  RowPreviews,
  SearchResult,
  SliceResult,
  WorkerLike,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
import { shardSetting } from './shard-policy.js';
import type { SummaryKeys } from './summary-index.js';

/**
 * A Web Worker running the decoder; on file:// pages (no workers allowed) the same on this thread,
 * from a script loaded then (page-decoder-loader.ts).
 */
export function createDecoderWorker(): WorkerLike {
  if (location.protocol === 'file:') return new LazyInThreadWorker();
  try {
    return new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return new LazyInThreadWorker();
  }
}

/**
 * Stream bytes sent to the worker and not yet decoded, at most (whenRoom). Without a limit the
 * page forwards a served file as fast as the server sends it (~1 GB/s on loopback): the whole
 * capture waits in the worker's queue (a 1 GiB file: a GiB more memory), and the batches the
 * worker posts wait behind the page's reads, so the first rows came seconds late.
 */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

export class DecoderClient {
  private nextReq = 1;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private terminated = false;
  /** Stream bytes sent ('chunk') and decoded ('consumed'), and who waits for room. */
  private sent = 0;
  private consumed = 0;
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly worker: WorkerLike,
    onBatch: (batch: Batch) => void,
    onError: (message: string) => void,
    onNotice: (message: string) => void = () => {},
  ) {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'batch') {
        onBatch(reply);
        return;
      }
      if (reply.type === 'notice') {
        onNotice(reply.message);
        return;
      }
      if (reply.type === 'consumed') {
        this.consumed = reply.bytes;
        if (this.hasRoom()) this.wakeRoomWaiters();
        return;
      }
      const resolve = this.pending.get(reply.reqId);
      this.pending.delete(reply.reqId);
      if (!resolve) return;
      if (reply.type === 'search') resolve(reply.result);
      else if (reply.type === 'filter') resolve(reply.result);
      else if (reply.type === 'messages') resolve(reply.messages);
      else if (reply.type === 'slice') resolve(reply.result);
      else if (reply.type === 'packet-frames') resolve(reply.frameIds);
      else if (reply.type === 'frame-ciphertext') resolve(reply.detail);
      else if (reply.type === 'previews') resolve(reply.previews);
      else if (reply.type === 'summary-keys') resolve(reply.keys);
      else resolve(reply.detail);
    };
    worker.onerror = (event: ErrorEvent) => onError(event.message || 'the decoder worker failed');
  }

  private send(message: WorkerRequest, transfer: Transferable[] = []): void {
    if (!this.terminated) this.worker.postMessage(message, transfer);
  }

  /** `memoryBudget`: bytes the worker may hold (memory-budget.ts; undefined: the default). */
  openFile(file: Blob, memoryBudget?: number): void {
    this.send({ type: 'open-file', file, total: file.size, memoryBudget, shards: shardSetting() });
  }

  /**
   * `url`: where the worker may fetch the stream again (ShellApi.streamUrl), or null; `reread`: a
   * port on which the page reopens the stream for the worker (src/renderer/shell/reread-port.ts);
   * `memoryBudget`: bytes the worker may hold (memory-budget.ts; undefined: the default).
   */
  openStream(
    total: number | null,
    url: string | null = null,
    reread: MessagePort | null = null,
    memoryBudget?: number,
  ): void {
    this.send(
      { type: 'open-stream', total, url, reread, memoryBudget, shards: shardSetting() },
      reread ? [reread] : [],
    );
  }

  /** Hands the chunk's buffer to the worker: `bytes` is unusable afterwards. */
  pushChunk(bytes: Uint8Array): void {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    this.sent += own.length;
    this.send({ type: 'chunk', bytes: own }, [own.buffer as ArrayBuffer]);
  }

  /** Resolves once few enough pushed bytes wait in the worker (MAX_IN_FLIGHT), or it is gone. */
  whenRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  private hasRoom(): boolean {
    return this.terminated || this.sent - this.consumed < MAX_IN_FLIGHT;
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  /** TLS secrets for this capture (before openFile/openStream: from the start). */
  addKeyLog(text: Uint8Array, name: string): void {
    this.send({ type: 'key-log', text: text.slice(), name });
  }

  end(): void {
    this.send({ type: 'end' });
  }

  private request<T>(make: (reqId: number) => WorkerRequest): Promise<T | null> {
    if (this.terminated) return Promise.resolve(null);
    const reqId = this.nextReq++;
    return new Promise<T | null>((resolve) => {
      this.pending.set(reqId, resolve as (value: unknown) => void);
      this.send(make(reqId));
    });
  }

  frameDetail(frameId: number): Promise<FrameDetail | null> {
    return this.request((reqId) => ({ type: 'frame-detail', reqId, frameId }));
  }

  messageDetail(messageId: number, maxBytes: number): Promise<MessageDetail | null> {
    return this.request((reqId) => ({ type: 'message-detail', reqId, messageId, maxBytes }));
  }

  /** A display filter's matching ids (null once the worker is gone). */
  filter(source: string): Promise<FilterResult | null> {
    return this.request((reqId) => ({ type: 'filter', reqId, source }));
  }

  /** The packets of these connections as a pcapng file. */
  slice(connectionIds: number[]): Promise<SliceResult | null> {
    return this.request((reqId) => ({ type: 'slice', reqId, connectionIds }));
  }

  /** Whole message records by id. */
  messages(ids: number[]): Promise<MessageRecord[] | null> {
    return this.request((reqId) => ({ type: 'messages', reqId, ids }));
  }

  /** Preview texts of rows sent without one (null once the worker is gone). */
  previews(frameIds: number[], messageIds: number[]): Promise<RowPreviews | null> {
    return this.request((reqId) => ({ type: 'previews', reqId, frameIds, messageIds }));
  }

  /** Summary ranks and matches by frame id, in the page's collation `locale` (null once the worker is gone). */
  summaryKeys(locale: string, ranks: boolean, match: string | null): Promise<SummaryKeys | null> {
    return this.request((reqId) => ({ type: 'summary-keys', reqId, locale, ranks, match }));
  }

  search(query: string): Promise<SearchResult | null> {
    return this.request((reqId) => ({ type: 'search', reqId, query }));
  }

  frameCiphertext(frameId: number): Promise<FrameCiphertext | null> {
    return this.request((reqId) => ({ type: 'frame-ciphertext', reqId, frameId }));
  }

  framesForPacket(packet: number, connectionId: number | null, time: number | null): Promise<number[] | null> {
    return this.request((reqId) => ({ type: 'packet-frames', reqId, packet, connectionId, time }));
  }

  /** Decode a connection as `protocol` (the UI's protocol menu); the change comes in a batch. */
  setProtocol(connectionId: number, protocol: AppProtocolName | 'none' | null): void {
    this.send({ type: 'set-protocol', connectionId, protocol });
  }

  cancel(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.worker.terminate();
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
    this.wakeRoomWaiters();
  }
}
