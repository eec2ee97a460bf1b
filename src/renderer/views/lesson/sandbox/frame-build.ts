// The frame builder's model: a frame header chosen field by field (RFC 6455 §5.2), serialised
// to bytes exactly as the student set it, including what the RFC forbids (a long length form
// for a short payload, a reserved opcode, an unmasked client frame): the decoder then says what
// is wrong. Only a 7-bit form for a payload over 125 bytes cannot be written at all; it falls
// back to the shortest form that fits and says so (`formUsed`).

export type LengthForm = 7 | 16 | 64;

export interface FrameSpec {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  mask: boolean;
  maskingKey: Uint8Array;
  payload: Uint8Array;
  lengthForm: LengthForm;
}

export function minimalForm(length: number): LengthForm {
  return length <= 125 ? 7 : length <= 0xffff ? 16 : 64;
}

/** The length form a payload of `length` bytes can be written with, given the one asked for. */
export function usableForm(asked: LengthForm, length: number): LengthForm {
  if (asked === 7 && length > 125) return minimalForm(length);
  if (asked === 16 && length > 0xffff) return 64;
  return asked;
}

export function buildFrame(spec: FrameSpec): { bytes: Uint8Array; formUsed: LengthForm } {
  const n = spec.payload.length;
  const form = usableForm(spec.lengthForm, n);
  const extLen = form === 7 ? 0 : form === 16 ? 2 : 8;
  const keyLen = spec.mask ? 4 : 0;
  const out = new Uint8Array(2 + extLen + keyLen + n);
  out[0] =
    (spec.fin ? 0x80 : 0) |
    (spec.rsv1 ? 0x40 : 0) |
    (spec.rsv2 ? 0x20 : 0) |
    (spec.rsv3 ? 0x10 : 0) |
    (spec.opcode & 0x0f);
  out[1] = (spec.mask ? 0x80 : 0) | (form === 7 ? n : form === 16 ? 126 : 127);
  if (form === 16) {
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else if (form === 64) {
    // payloads typed in a browser are far below 2^32: the top four bytes stay 0
    new DataView(out.buffer).setUint32(6, n);
  }
  const at = 2 + extLen;
  if (spec.mask) out.set(spec.maskingKey.subarray(0, 4), at);
  for (let i = 0; i < n; i++)
    out[at + keyLen + i] = spec.mask ? spec.payload[i] ^ spec.maskingKey[i % 4] : spec.payload[i];
  return { bytes: out, formUsed: form };
}

/** "81 85 37 fa …" */
export function hexBytes(bytes: Uint8Array, limit = 64): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(limit, bytes.length); i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > limit ? ' …' : '');
}

/** "37 fa 21 3d" → 4 bytes, or null. */
export function parseKey(text: string): Uint8Array | null {
  const parts = text.trim().split(/[\s:]+/);
  if (parts.length !== 4 || !parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) return null;
  return Uint8Array.from(parts, (p) => Number.parseInt(p, 16));
}
