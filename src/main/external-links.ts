// Links that may leave the app for the user's browser.
//
// Rule: only https URLs on a short list of documentation sites are opened (shell.openExternal on
// an arbitrary URL can launch local programs through custom schemes). Everything else is refused.
// The renderer's own links (a finding's "RFC 6455 §5.2" link) go through setWindowOpenHandler and
// the same check.

export const RFC6455_URL = 'https://www.rfc-editor.org/rfc/rfc6455';
export const RFC7692_URL = 'https://www.rfc-editor.org/rfc/rfc7692';

const ALLOWED_HOSTS = new Set(['www.rfc-editor.org', 'datatracker.ietf.org', 'developer.mozilla.org']);

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    ALLOWED_HOSTS.has(parsed.hostname)
  );
}

/** Opens `url` with `openExternal` if it is allowed; returns whether it was. */
export function openExternalIfAllowed(url: string, openExternal: (url: string) => Promise<void>): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  openExternal(url).catch((error: unknown) => console.warn(`wsscope: could not open ${url}: ${String(error)}`));
  return true;
}
