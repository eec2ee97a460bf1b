// The benchmark's "limit" line (issue 13): what decoding costs when nothing but the bytes' own work
// is done. The capture goes through the decoder's own layers (CaptureReader, decodePacket,
// TcpTracker: capture -> packets -> TCP reassembly), each WebSocket direction through its
// FrameParser (every payload copied out and unmasked) and every compressed message through its
// PerMessageInflater, as CaptureSession does; but no frame, message or connection record is built,
// no UTF-8 is decoded, no finding or snapshot is made and nothing is printed. The distance between
// this line and the in-process decoder is what records cost; between it and the bare pcap walk,
// what reassembly, unmasking and inflation cost. Bundled by bench/run.mjs with esbuild; run as
// `node limit.mjs FILE`; prints one JSON line with the timing and counts (checked by run.mjs
// against the generator's ground truth, so the limit is known to have walked every message).
//
// Handshakes are read the short way, enough for the generator's captures: side 'a' (the SYN's
// sender) is the client; each side's HTTP head ends at its blank line; permessage-deflate's
// parameters come from the server's Sec-WebSocket-Extensions (negotiateDeflate, as the decoder
// reads them). Fragments of a message are inflated as a list, not joined first.

import { closeSync, openSync, readSync } from 'node:fs';
import { CaptureReader } from '../src/decoder/capture/index.js';
import { negotiateDeflate, PERMESSAGE_DEFLATE, parseExtensions } from '../src/decoder/http/extensions.js';
import { findBlankLine, headerList, parseResponseHead } from '../src/decoder/http/head-parser.js';
import { decodePacket } from '../src/decoder/packet/index.js';
import { DEFAULT_LIMITS } from '../src/decoder/records.js';
import type { TcpEvent } from '../src/decoder/tcp/events.js';
import { TcpTracker } from '../src/decoder/tcp/index.js';
import { FrameParser } from '../src/decoder/websocket/frames/frame-parser.js';
import { PerMessageInflater } from '../src/decoder/websocket/messages/deflate.js';

const CHUNK = 1024 * 1024;
/** As CaptureSession feeds its reader (pushAndDrain's step). */
const STEP = 64 * 1024;
/** Heads longer than this are not HTTP upgrades the generator wrote: the side is ignored. */
const MAX_HEAD = 64 * 1024;

interface Side {
  /** Bytes of the HTTP head so far; null once the head is over. */
  head: Uint8Array | null;
  headLength: number;
  parser: FrameParser | null;
  /** Set from the server's response; null without permessage-deflate. */
  inflater: PerMessageInflater | null;
  /** Payloads of the data message in progress, and whether its first frame had RSV1. */
  parts: Uint8Array[];
  compressed: boolean;
}

interface Conn {
  a: Side;
  b: Side;
}

const counts = { connections: 0, frames: 0, messages: 0, compressedMessages: 0, payloadBytes: 0, inflateFailures: 0 };

function newSide(): Side {
  return { head: new Uint8Array(1024), headLength: 0, parser: null, inflater: null, parts: [], compressed: false };
}

const conns = new Map<number, Conn>();

/** Appends head bytes; returns where in `bytes` the head ended (frames start), or -1. */
function takeHead(side: Side, bytes: Uint8Array): number {
  let head = side.head as Uint8Array;
  const from = Math.max(0, side.headLength - 3);
  if (side.headLength + bytes.length > head.length) {
    const grown = new Uint8Array(Math.max(head.length * 2, side.headLength + bytes.length));
    grown.set(head.subarray(0, side.headLength));
    head = grown;
    side.head = grown;
  }
  head.set(bytes, side.headLength);
  const before = side.headLength;
  side.headLength += bytes.length;
  const end = findBlankLine(head, from, side.headLength);
  if (end === -1) {
    if (side.headLength > MAX_HEAD) side.head = null;
    return -1;
  }
  return end - before;
}

/** The server's 101: permessage-deflate's parameters give each direction its inflater. */
function readResponse(conn: Conn, raw: Uint8Array): void {
  const parsed = parseResponseHead(raw, 0, 0);
  if (!parsed.ok) return;
  const value = headerList(parsed.head.headers, 'sec-websocket-extensions');
  if (value === null) return;
  const ext = parseExtensions(value);
  if (!ext.ok) return;
  const accepted = ext.extensions.find((e) => e.name.toLowerCase() === PERMESSAGE_DEFLATE);
  if (accepted === undefined) return;
  const p = negotiateDeflate([], accepted).params;
  conn.a.inflater = new PerMessageInflater({
    windowBits: p.clientMaxWindowBits,
    noContextTakeover: p.clientNoContextTakeover,
  });
  conn.b.inflater = new PerMessageInflater({
    windowBits: p.serverMaxWindowBits,
    noContextTakeover: p.serverNoContextTakeover,
  });
}

function frames(side: Side): void {
  const parser = side.parser as FrameParser;
  for (let f = parser.next(); f !== null; f = parser.next()) {
    counts.frames++;
    const op = f.opcode;
    if (op >= 0x8) {
      counts.messages++;
      counts.payloadBytes += f.payload.length;
      continue;
    }
    if (op !== 0) {
      side.parts = [f.payload];
      side.compressed = f.rsv1 && side.inflater !== null;
    } else side.parts.push(f.payload);
    if (!f.fin) continue;
    counts.messages++;
    if (side.compressed) {
      counts.compressedMessages++;
      const r = (side.inflater as PerMessageInflater).inflate(side.parts, {
        maxOutput: DEFAULT_LIMITS.maxMessageSize,
        final: true,
      });
      if (r.status !== 'ok') counts.inflateFailures++;
      counts.payloadBytes += r.data.length;
    } else for (const part of side.parts) counts.payloadBytes += part.length;
    side.parts = [];
  }
}

function onData(conn: Conn, which: 'a' | 'b', bytes: Uint8Array, offset: number): void {
  const side = conn[which];
  if (side.parser !== null) {
    side.parser.push(bytes, offset);
    frames(side);
    return;
  }
  if (side.head === null) return;
  const at = takeHead(side, bytes);
  if (at === -1) return;
  if (which === 'b') readResponse(conn, side.head.subarray(0, side.headLength - (bytes.length - at)));
  side.head = null;
  side.parser = new FrameParser({
    direction: which === 'a' ? 'client' : 'server',
    limits: DEFAULT_LIMITS,
    rsvAllowed: 'unknown',
    fields: false,
  });
  if (at < bytes.length) {
    side.parser.push(bytes.subarray(at), offset + at);
    frames(side);
  }
}

function onTcp(events: TcpEvent[]): void {
  for (const ev of events) {
    if (ev.type === 'open') {
      conns.set(ev.connectionId, { a: newSide(), b: newSide() });
      counts.connections++;
      continue;
    }
    if (ev.type === 'finding' || ev.type === 'control') continue;
    const conn = conns.get(ev.connectionId);
    if (conn === undefined) continue;
    if (ev.type === 'data') onData(conn, ev.side, ev.bytes, ev.streamOffset);
    else if (ev.type === 'gap') conn[ev.side].parser?.gap(ev.streamOffset, ev.length);
    else if (ev.type === 'closed') {
      for (const side of [conn.a, conn.b]) {
        if (side.parser === null) continue;
        side.parser.end();
        frames(side);
        side.inflater?.release();
      }
      conns.delete(ev.connectionId);
    }
  }
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node limit.mjs CAPTURE');
  process.exit(2);
}
const started = performance.now();
// As CaptureSession reads: records copied into shared 256 KiB slabs.
const reader = new CaptureReader({ recordSlabBytes: 256 * 1024 });
const tracker = new TcpTracker(DEFAULT_LIMITS);
const fd = openSync(file, 'r');
const chunk = new Uint8Array(CHUNK);
let bytes = 0;
let peakRss = process.memoryUsage().rss;
let chunks = 0;
function pump(): void {
  for (let record = reader.next(); record !== null; record = reader.next()) {
    const result = decodePacket(record);
    if (result.kind === 'tcp') onTcp(tracker.push(result.segment));
  }
}
for (;;) {
  const n = readSync(fd, chunk, 0, CHUNK, null);
  if (n === 0) break;
  bytes += n;
  for (let at = 0; at < n; at += STEP) {
    reader.push(chunk.subarray(at, Math.min(n, at + STEP)));
    pump();
  }
  if (++chunks % 16 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
closeSync(fd);
reader.end();
pump();
onTcp(tracker.end());
const seconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(JSON.stringify({ file, bytes, seconds, mbps: bytes / 1e6 / seconds, peakRss, ...counts }));
