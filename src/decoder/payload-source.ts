// Payload bytes read back from the capture file (SessionOptions.payloadSource), for the frames
// of a fragmented message, which otherwise wait in memory until the message's last frame.
//
// Why: on a capture of large uploads interleaved over hundreds of connections, those fragments
// were the largest part of the CLI's live memory (31 MiB of 67 at one point of a 1 GiB capture,
// growing with the capture: bench/README.md, "the CLI's peak RSS, third pass"). The file already
// holds them: a fragment whose bytes are the file's as they are (not reassembled from IP
// fragments, not TLS plaintext) is kept as where it is, and its message is joined from the file
// when its last frame arrives.
//
// The decoder stays sans-I/O: the shell that owns the file hands the session this interface.

import { unmaskFrom } from './websocket/frames/unmask.js';

export interface PayloadSource {
  /**
   * Fills `into` with the file's bytes from `fileOffset` on. Throws when it cannot (the file
   * changed under the reader): the bytes are gone from memory, so there is nothing to fall back to.
   */
  read(fileOffset: number, into: Uint8Array): void;
}

/**
 * A fragment kept as where it is in the file: `ranges` are (file offset, length) pairs, in payload
 * order; `key` the frame's masking key (null: unmasked).
 */
export interface FilePiece {
  ranges: number[];
  key: Uint8Array | null;
}

/** Ranges at most this far apart in the file are read in one call (through `scratch`). */
const NEAR = 256;
const SCRATCH = 256 * 1024;
let scratch: Uint8Array | null = null;

/**
 * Reads `piece` into `dst` at `at`, unmasked: what the frame's payload was. A fragment's TCP
 * segments usually follow one another in the file with only record headers between them: those
 * are read in one call and copied out (a call per segment cost ~5% of the CLI's CPU).
 */
export function readPiece(source: PayloadSource, piece: FilePiece, dst: Uint8Array, at: number): number {
  let pos = at;
  const r = piece.ranges;
  for (let i = 0; i < r.length; ) {
    const from = r[i] as number;
    let end = from + (r[i + 1] as number);
    let j = i + 2;
    while (j < r.length) {
      const next = r[j] as number;
      const nextEnd = next + (r[j + 1] as number);
      if (next < end || next - end > NEAR || nextEnd - from > SCRATCH) break;
      end = nextEnd;
      j += 2;
    }
    if (j === i + 2) {
      source.read(from, dst.subarray(pos, pos + (end - from)));
      pos += end - from;
    } else {
      scratch ??= new Uint8Array(SCRATCH);
      source.read(from, scratch.subarray(0, end - from));
      for (let k = i; k < j; k += 2) {
        const o = (r[k] as number) - from;
        const n = r[k + 1] as number;
        dst.set(scratch.subarray(o, o + n), pos);
        pos += n;
      }
    }
    i = j;
  }
  // Payload byte j was masked with key[j % 4]; it is at dst[at + j] (unmaskFrom's word loop lines
  // up with dst's words whatever `at` is: byte by byte it cost the CLI +10% CPU).
  if (piece.key !== null) unmaskFrom(dst, at, pos, piece.key, 0);
  return pos - at;
}

/** A fresh array of `n` bytes: `pieces` (a whole message's fragments, in order) read back. */
export function readPieces(source: PayloadSource, pieces: readonly FilePiece[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of pieces) at += readPiece(source, p, out, at);
  return out;
}
