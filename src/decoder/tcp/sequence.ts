// TCP sequence-number arithmetic (RFC 9293 §3.4): sequence numbers live in a 32-bit space
// that wraps, so they are only ever compared through a signed 32-bit difference.
//
// Theory of operation: like gopacket's Sequence.Difference, a sequence just past 0 is "after"
// one just below 2^32. The difference `(to - from) | 0` is exact for any two numbers in
// [0, 2^32) that lie within 2^31 of each other, which any live window does. Stream offsets
// (bytes from the start of one direction's stream) are plain JS numbers and never wrap.

/** 2^32: the size of the TCP sequence space. */
export const SEQ_MODULUS = 0x1_0000_0000;

/** How far `to` lies after `from` in sequence space (negative when before), wrap-safe. */
export function seqDiff(to: number, from: number): number {
  return (to - from) | 0;
}

/** `seq + n` in sequence space (n >= 0). */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) % SEQ_MODULUS;
}
