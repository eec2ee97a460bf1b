// A pcapng file cut down to chosen packets, every other block kept as it was.
//
// Blocks are copied byte for byte, so timestamps, interfaces (IDBs with their link types,
// if_tsresol and names), comments, the byte order of each section and Decryption Secrets Blocks
// (TLS keys) are the original's. Packet blocks (EPB 6, SPB 3, obsolete PB 2) are kept when
// `keep` says so; Interface Statistics Blocks (5) are dropped, since their packet counts describe
// the whole capture, not the slice. Framing follows draft-ietf-opsawg-pcapng §3.1: type, total
// length, body, total length again; a section's byte order comes from its SHB's magic.
// A block that does not frame (damage) ends the walk: everything before it is kept.

const SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const PB = 2;
const SPB = 3;
const ISB = 5;
const EPB = 6;

/** Where a packet block's data starts, relative to the block (EPB and PB: 28, SPB: 12). */
function dataOffset(type: number): number {
  return type === SPB ? 12 : 28;
}

export function slicePcapng(
  bytes: Uint8Array,
  /** `offset`: file offset of the packet data (CaptureRecord.fileOffset); `index`: record number. */
  keep: (offset: number, index: number) => boolean,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let le = true;
  let at = 0;
  let index = 0;
  while (at + 12 <= bytes.length) {
    let type = view.getUint32(at, le);
    if (view.getUint32(at, true) === SHB) {
      type = SHB;
      le = view.getUint32(at + 8, true) === BYTE_ORDER_MAGIC;
    }
    const length = view.getUint32(at + 4, le);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) break;
    const block = bytes.subarray(at, at + length);
    if (type === EPB || type === SPB || type === PB) {
      index++;
      if (keep(at + dataOffset(type), index)) parts.push(block);
    } else if (type !== ISB) {
      parts.push(block);
    }
    at += length;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
