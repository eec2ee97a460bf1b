// A WebSocket frame writer independent of the parser: RFC 6455 §5.2's layout written byte by byte,
// including what a correct sender never writes (non-minimal and lying lengths, any RSV bits).

export interface FrameSpec {
  fin?: boolean;
  rsv?: number; // 3 bits, rsv1 = 0b100
  opcode: number;
  mask?: number[] | null;
  payload?: Uint8Array;
  /** Force a length form (to write non-minimal lengths). */
  lengthForm?: 7 | 16 | 64;
  /** Override the declared length (for frames cut short / lying lengths). */
  declaredLength?: number | bigint;
}

/** Write one frame byte by byte as RFC 6455 §5.2 draws it (written here, not by the parser). */
export function frame(spec: FrameSpec): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  const declared = BigInt(spec.declaredLength ?? payload.length);
  const form = spec.lengthForm ?? (declared < 126n ? 7 : declared < 65536n ? 16 : 64);
  const bytes: number[] = [];
  bytes.push(((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode);
  const maskBit = spec.mask ? 0x80 : 0;
  if (form === 7) bytes.push(maskBit | Number(declared));
  else if (form === 16) bytes.push(maskBit | 126, Number(declared >> 8n) & 0xff, Number(declared) & 0xff);
  else {
    bytes.push(maskBit | 127);
    for (let i = 7; i >= 0; i--) bytes.push(Number((declared >> BigInt(i * 8)) & 0xffn));
  }
  if (spec.mask) bytes.push(...spec.mask);
  const out = new Uint8Array(bytes.length + payload.length);
  out.set(bytes);
  for (let i = 0; i < payload.length; i++) out[bytes.length + i] = payload[i] ^ (spec.mask ? spec.mask[i & 3] : 0);
  return out;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
