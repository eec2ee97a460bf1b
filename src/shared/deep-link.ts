// A deep link: the connection, frame, field and filter a view is open on (issue 12). One query
// syntax for every place a link lives:
//   browser mode: the page's hash           …/#conn=3&frame=120&field=websocket.opcode&filter=…
//   Electron:     the window state (userData/window-state.json), the window's URL hash, and
//                 links from outside          wsscope://open?file=/abs/capture.pcap&conn=3&frame=120
// Pure: shared by the renderer and Electron's main and preload.

export interface DeepLink {
  conn: number | null;
  frame: number | null;
  field: string | null;
  filter: string | null;
}

/** What a window shows: the shell stream it decodes (null: a File or nothing) and where in it. */
export interface WindowLocation extends DeepLink {
  stream: string | null;
}

export const NO_LINK: DeepLink = { conn: null, frame: null, field: null, filter: null };

/** Longest field key and filter a link carries; longer ones are dropped (a link is not storage). */
export const FIELD_MAX = 200;
export const FILTER_MAX = 4096;

/** Parses `conn=3&frame=120&…` (a leading `#` or `?` is ignored); anything malformed is left out. */
export function parseDeepLink(query: string): DeepLink {
  const p = queryParams(query.replace(/^[#?]/, ''));
  return {
    conn: linkNumber(p.get('conn') ?? null),
    frame: linkNumber(p.get('frame') ?? null),
    field: linkText(p.get('field') ?? null, FIELD_MAX),
    filter: linkText(p.get('filter') ?? null, FILTER_MAX),
  };
}

/**
 * The first value of each key of an application/x-www-form-urlencoded query (as URLSearchParams
 * reads it, which this file cannot use: the decoder's project, which typechecks src/shared, has
 * no DOM or Node types). A part that does not decode is skipped.
 */
function queryParams(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const key = decodePart(at === -1 ? part : part.slice(0, at));
    const value = decodePart(at === -1 ? '' : part.slice(at + 1));
    if (key !== null && value !== null && !out.has(key)) out.set(key, value);
  }
  return out;
}

function decodePart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** The link as a query string without `#`/`?` ('' for an empty link), each value percent-encoded (spaces as %20). */
export function deepLinkQuery(link: DeepLink): string {
  const parts: string[] = [];
  if (link.conn !== null) parts.push(`conn=${link.conn}`);
  if (link.frame !== null) parts.push(`frame=${link.frame}`);
  if (link.field) parts.push(`field=${encodeURIComponent(link.field)}`);
  if (link.filter) parts.push(`filter=${encodeURIComponent(link.filter)}`);
  return parts.join('&');
}

export function deepLinkHash(link: DeepLink): string {
  const s = deepLinkQuery(link);
  return s ? `#${s}` : '';
}

export function isEmptyLink(link: DeepLink): boolean {
  return link.conn === null && link.frame === null && !link.field && !link.filter;
}

/**
 * A DeepLink from untrusted JSON (the renderer's report, the state file): each part checked, a bad
 * part dropped; null if `value` is not an object at all.
 */
export function deepLinkFrom(value: unknown): DeepLink | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  return {
    conn: typeof v.conn === 'number' ? linkNumber(String(v.conn)) : null,
    frame: typeof v.frame === 'number' ? linkNumber(String(v.frame)) : null,
    field: typeof v.field === 'string' ? linkText(v.field, FIELD_MAX) : null,
    filter: typeof v.filter === 'string' ? linkText(v.filter, FILTER_MAX) : null,
  };
}

function linkNumber(v: string | null): number | null {
  if (v === null || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

function linkText(v: string | null, max: number): string | null {
  if (v === null || v.length === 0 || v.length > max) return null;
  // Control characters have no place in a field key or a filter the filter bar would show.
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(v) ? null : v;
}
