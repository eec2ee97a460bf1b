// wsscope:// links: open a capture file exactly at a connection, frame, field and filter (issue 12).
//
//   wsscope://open?file=%2Fhome%2Fme%2Fchat.pcap&conn=3&frame=120&field=websocket.opcode&filter=…
//
// `file` is an absolute path (percent-encoded); the rest is browser mode's deep link (the page's
// hash there: src/shared/deep-link.ts), so a browser-mode link's hash pasted after `file=…&` works.
// Links arrive from the command line (Linux and Windows start the app with the link as its
// argument), a second instance's command line, and macOS's `open-url`. Any web page can make one,
// so the file is checked like a dropped file before anything opens it (./capture-path.ts).

import { InvalidArgumentError } from '../node/validate.js';
import { type DeepLink, parseDeepLink } from '../shared/deep-link.js';

export const LINK_SCHEME = 'wsscope';
const URL_MAX = 16384;

export interface OpenLink {
  /** The capture's path as the link gives it: check it (checkCapturePath) before opening. */
  file: string;
  link: DeepLink;
}

/** True for an argument that is a wsscope:// link rather than a file name. */
export function isOpenLink(arg: string): boolean {
  return arg.toLowerCase().startsWith(`${LINK_SCHEME}:`);
}

/** Parses a wsscope://open link; an InvalidArgumentError with a one-line reason if it is not one. */
export function parseOpenLink(url: string): OpenLink {
  const shown = url.length > 80 ? `${url.slice(0, 80)}…` : url;
  if (url.length > URL_MAX) throw new InvalidArgumentError(`link too long (${url.length} characters): ${shown}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(`not a link: ${shown}`);
  }
  if (parsed.protocol !== `${LINK_SCHEME}:` || parsed.hostname !== 'open' || !['', '/'].includes(parsed.pathname)) {
    throw new InvalidArgumentError(`not a wsscope link: ${shown} (expected ${LINK_SCHEME}://open?file=…)`);
  }
  const file = parsed.searchParams.get('file');
  if (file === null || file.length === 0) {
    throw new InvalidArgumentError(
      `the link names no capture: ${shown} (expected ${LINK_SCHEME}://open?file=/path/capture.pcap…)`,
    );
  }
  return { file, link: parseDeepLink(parsed.search) };
}
