// Content sniffing for the payload viewer: is it JSON, text or binary? (httptoolkit-ui idea:
// a fatal UTF-8 decoder on a bounded prefix, backing off to a character boundary first.)

export type ContentKind = 'json' | 'text' | 'binary' | 'empty';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const SNIFF_BYTES = 4096;

/** True when the first bytes are valid UTF-8 with few control characters. */
export function isProbablyText(bytes: Uint8Array): boolean {
  let end = Math.min(bytes.length, SNIFF_BYTES);
  // Cutting inside a multi-byte character would make valid text look invalid: back off to a
  // lead byte (continuation bytes are 10xxxxxx).
  if (end < bytes.length) while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  let text: string;
  try {
    text = fatalUtf8.decode(bytes.subarray(0, end));
  } catch {
    return false;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) control++;
  }
  return control <= text.length / 50;
}

export function sniffContentKind(bytes: Uint8Array, text: string | null): ContentKind {
  if (bytes.length === 0) return 'empty';
  const candidate = text ?? (isProbablyText(bytes) ? new TextDecoder().decode(bytes) : null);
  if (candidate == null) return 'binary';
  const trimmed = candidate.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && parseJson(candidate) !== undefined) return 'json';
  return 'text';
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
