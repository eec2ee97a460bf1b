// Small helpers every protocol decoder uses: parsing JSON without throwing (with the offset of
// the error), short one-line renderings of values for summaries, and UTF-8 text.

const MAX_SUMMARY = 120;

export type Parsed = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

/** JSON.parse that never throws; the offset is V8's "position N" when it gives one. */
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(why);
    const offset = at ? Number(at[1]) : text.length;
    return { ok: false, offset, message: `invalid JSON: ${why.replace(/\s+/g, ' ')}` };
  }
}

/** A value as short one-line JSON; binary as `<N bytes>`; cut with an ellipsis. */
export function brief(value: unknown, max = MAX_SUMMARY): string {
  let s: string;
  try {
    s =
      JSON.stringify(value, (_k, v) => {
        if (v instanceof Uint8Array) return `<${v.length} bytes>`;
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Map) return Object.fromEntries(v);
        return v;
      }) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Longest string kept in a message's decoded `data` (the payload itself is always there): a
 * 16 MiB MQTT payload must not be copied into every JSON row and across to the UI again.
 */
export const MAX_DATA_STRING = 64 * 1024;

/** A value safe to put in JSON output: byte arrays become {"$bytes": length}; huge strings are cut. */
export function jsonLike(value: unknown, depth = 0): unknown {
  if (depth > 32) return '…';
  if (typeof value === 'string' && value.length > MAX_DATA_STRING)
    return `${value.slice(0, MAX_DATA_STRING)}… (${value.length - MAX_DATA_STRING} more characters)`;
  if (value instanceof Uint8Array) return { $bytes: value.length };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of value) o[String(k)] = jsonLike(v, depth + 1);
    return o;
  }
  if (Array.isArray(value)) return value.map((v) => jsonLike(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = jsonLike(v, depth + 1);
    return o;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function textOf(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** UTF-8 text, or null when the bytes are not valid UTF-8. */
export function strictText(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An id usable as a pairing key part: strings and numbers only. */
export const idOf = (v: unknown): string | number | null => (typeof v === 'string' || typeof v === 'number' ? v : null);
