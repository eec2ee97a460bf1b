// Mutations of real captures for fuzzing (bench/fuzz.mjs, and the fast slice in
// test/decoder/fuzz-slice.test.ts). Deterministic: the same input, seed and donor give the same
// bytes, so a failing case is reproduced from (file, seed) alone.
//
// Structure-aware mutations follow the file's framing (classic pcap: a 24-byte header, then
// 16-byte record headers with their captured length; pcapng: blocks with their total length at
// offset 4, either byte order) and hit what parsers trust: length fields set to 0, tiny, huge or
// off by a few; records dropped, repeated, swapped or cut; bytes changed inside packet payloads
// where TCP, HTTP and WebSocket headers live; records spliced in from another capture. Random
// mutations flip bits, overwrite, insert, delete and truncate anywhere.

import { mulberry32 } from './rng.js';

export interface Mutation {
  bytes: Uint8Array;
  /** What was done, for the report of a failing case. */
  steps: string[];
}

interface Unit {
  start: number;
  end: number;
  /** Offset of the length field to tamper with, or -1. */
  lengthAt: number;
  little: boolean;
}

/** The file header and records (pcap) or blocks (pcapng) of a capture; [] when unrecognised. */
export function units(bytes: Uint8Array): Unit[] {
  if (bytes.length < 24) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = view.getUint32(0, false);
  const out: Unit[] = [];
  if (be === 0x0a0d0d0a) {
    let little = true;
    for (let at = 0; at + 12 <= bytes.length; ) {
      if (view.getUint32(at, false) === 0x0a0d0d0a) little = view.getUint32(at + 8, true) === 0x1a2b3c4d;
      const length = view.getUint32(at + 4, little);
      if (length < 12 || at + length > bytes.length) break;
      out.push({ start: at, end: at + length, lengthAt: at + 4, little });
      at += length;
    }
    return out;
  }
  const little = be === 0xd4c3b2a1 || be === 0x4d3cb2a1;
  if (!little && be !== 0xa1b2c3d4 && be !== 0xa1b23c4d) return [];
  out.push({ start: 0, end: 24, lengthAt: 16, little });
  for (let at = 24; at + 16 <= bytes.length; ) {
    const length = 16 + view.getUint32(at + 8, little);
    if (at + length > bytes.length) break;
    out.push({ start: at, end: at + length, lengthAt: at + 8, little });
    at += length;
  }
  return out;
}

const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 20, 23, 24, 40, 54, 126, 127, 128, 255, 256, 1500, 65535, 65536];
const HUGE = [0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One to four mutations of `input` (never changed), structure-aware or random. */
export function mutate(input: Uint8Array, seed: number, donor?: Uint8Array): Mutation {
  const random = mulberry32(seed);
  const pick = (n: number) => Math.floor(random() * n);
  let bytes: Uint8Array = input.slice();
  const steps: string[] = [];
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const list = units(bytes);
    const records = list.slice(1);
    const structural = list.length > 1 && random() < 0.6;
    if (structural) {
      const unit = records.length > 0 ? (records[pick(records.length)] as Unit) : (list[0] as Unit);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      switch (pick(7)) {
        case 0: {
          const value =
            random() < 0.5 ? (INTERESTING[pick(INTERESTING.length)] as number) : (HUGE[pick(HUGE.length)] as number);
          view.setUint32(unit.lengthAt, value, unit.little);
          steps.push(`length at ${unit.lengthAt} = ${value}`);
          break;
        }
        case 1: {
          const delta = pick(9) - 4;
          view.setUint32(unit.lengthAt, (view.getUint32(unit.lengthAt, unit.little) + delta) >>> 0, unit.little);
          steps.push(`length at ${unit.lengthAt} ${delta >= 0 ? '+' : ''}${delta}`);
          break;
        }
        case 2:
          bytes = concat([bytes.subarray(0, unit.start), bytes.subarray(unit.end)]);
          steps.push(`drop unit ${unit.start}-${unit.end}`);
          break;
        case 3: {
          const times = 1 + pick(3);
          const copy = bytes.subarray(unit.start, unit.end);
          bytes = concat([
            bytes.subarray(0, unit.end),
            ...Array.from({ length: times }, () => copy),
            bytes.subarray(unit.end),
          ]);
          steps.push(`repeat unit ${unit.start}-${unit.end} x${times}`);
          break;
        }
        case 4: {
          // Inside the packet: link, IP, TCP and payload headers sit in the first ~120 bytes.
          const from = unit.start + 16;
          const span = Math.max(1, Math.min(unit.end - from, 160));
          const n = 1 + pick(4);
          for (let i = 0; i < n; i++) bytes[from + pick(span)] = pick(256);
          steps.push(`${n} bytes in unit ${unit.start}`);
          break;
        }
        case 5:
          bytes = bytes.slice(0, unit.start + pick(Math.max(1, unit.end - unit.start)));
          steps.push(`cut inside unit ${unit.start}`);
          break;
        default: {
          const donorUnits = donor ? units(donor).slice(1) : [];
          if (donor && donorUnits.length > 0) {
            const d = donorUnits[pick(donorUnits.length)] as Unit;
            bytes = concat([bytes.subarray(0, unit.end), donor.subarray(d.start, d.end), bytes.subarray(unit.end)]);
            steps.push(`splice donor unit ${d.start}-${d.end} after ${unit.end}`);
          } else {
            const other = records[pick(Math.max(1, records.length))] ?? unit;
            const a = bytes.slice(unit.start, unit.end);
            const b = bytes.slice(other.start, other.end);
            if (unit.start < other.start)
              bytes = concat([
                bytes.subarray(0, unit.start),
                b,
                bytes.subarray(unit.end, other.start),
                a,
                bytes.subarray(other.end),
              ]);
            steps.push(`swap units ${unit.start} and ${other.start}`);
          }
        }
      }
      continue;
    }
    if (bytes.length === 0) break;
    const at = pick(bytes.length);
    switch (pick(5)) {
      case 0:
        bytes[at] = (bytes[at] as number) ^ (1 << pick(8));
        steps.push(`flip bit at ${at}`);
        break;
      case 1: {
        const n = 1 + pick(8);
        for (let i = 0; i < n && at + i < bytes.length; i++) bytes[at + i] = pick(256);
        steps.push(`overwrite ${n} at ${at}`);
        break;
      }
      case 2: {
        const n = 1 + pick(64);
        bytes = concat([bytes.subarray(0, at), Uint8Array.from({ length: n }, () => pick(256)), bytes.subarray(at)]);
        steps.push(`insert ${n} at ${at}`);
        break;
      }
      case 3: {
        const n = 1 + pick(64);
        bytes = concat([bytes.subarray(0, at), bytes.subarray(at + n)]);
        steps.push(`delete ${n} at ${at}`);
        break;
      }
      default:
        bytes = bytes.slice(0, at);
        steps.push(`truncate at ${at}`);
    }
  }
  return { bytes, steps };
}
