// Deep links: the page's URL names the open connection, frame, field and filter, so a link (or a
// reload, or a restored window) opens exactly there:
//   …/#conn=3&frame=120&field=websocket.opcode&filter=ws.message.text%20contains%20%22x%22
// The hash is kept current with history.replaceState (no history entry per click). A link is
// applied once per opened capture, as soon as the rows it names have been decoded.
// In Electron the window's URL carries the link the same way (main loads the page with the hash of
// a restored window or a wsscope:// link), and every change is also reported to main
// (ShellApi.reportLocation), which keeps it in the window state for the next start.
// The syntax itself is src/shared/deep-link.ts.

import { useEffect, useState } from 'react';
import { type DeepLink, deepLinkHash, isEmptyLink, parseDeepLink } from '../../../shared/deep-link.js';
import type { Controller } from '../../model/controller.js';
import { filterStore } from './filter-store.js';

// The field the frame view highlights: FrameDetail reads and sets it through useLinkedField.
let linkedField: string | null = null;
const fieldListeners = new Set<(key: string | null) => void>();

function setLinkedField(key: string | null): void {
  linkedField = key;
  for (const l of fieldListeners) l(key);
}

/** FrameDetail's hovered/selected field, named in the link. */
export function useLinkedField(): [string | null, (key: string | null) => void] {
  const [key, setKey] = useState<string | null>(linkedField);
  useEffect(() => {
    fieldListeners.add(setKey);
    return () => {
      fieldListeners.delete(setKey);
    };
  }, []);
  return [key, setLinkedField];
}

function currentLink(controller: Controller): DeepLink {
  const s = controller.store.getState();
  return {
    conn: s.selectedConnectionId,
    frame: s.selectedFrameId,
    field: s.selectedFrameId !== null ? linkedField : null,
    filter: filterStore.getState().applied || null,
  };
}

/** The page's own link is applied once: a view that mounts again (a pane restored) must not re-apply it. */
let openedWith: DeepLink | null | undefined;

/** Keeps the URL's hash current, and applies the link the page was opened with. */
export function startDeepLinks(controller: Controller): () => void {
  if (openedWith === undefined) {
    const link = parseDeepLink(location.hash);
    openedWith = isEmptyLink(link) ? null : link;
  }
  let pending: DeepLink | null = openedWith;
  let applying = false;

  let reported = '';
  // The store changes with every decoded batch; the link only with these: compare them first
  // (building and encoding the link per batch showed in the load's main-thread tasks).
  let seen: readonly unknown[] = [];
  const write = () => {
    if (applying || pending) return;
    const st = controller.store.getState();
    const now = [
      st.capture?.streamId,
      st.selectedConnectionId,
      st.selectedFrameId,
      linkedField,
      filterStore.getState().applied,
    ];
    if (now.length === seen.length && now.every((v, i) => v === seen[i])) return;
    seen = now;
    const link = currentLink(controller);
    const stream = st.capture?.streamId ?? null;
    const report = JSON.stringify([stream, link]);
    if (report !== reported) {
      reported = report;
      controller.shellApi?.reportLocation?.({ stream, ...link });
    }
    const hash = deepLinkHash(link);
    if (hash !== location.hash && !(hash === '' && location.hash === '')) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }
  };

  const tryApply = () => {
    const link = pending;
    const s = controller.store.getState();
    if (!link || !s.capture) return;
    const data = s.data;
    const frameReady = link.frame === null || data.frames.row(link.frame) != null;
    const connReady = link.conn === null || data.connections.has(link.conn);
    if (!(frameReady && connReady) && s.loading) return; // not decoded yet
    pending = null;
    if (link === openedWith) openedWith = null;
    applying = true;
    if (link.filter) {
      filterStore.type(link.filter);
      void filterStore.apply(link.filter);
    }
    if (link.frame !== null && data.frames.row(link.frame) != null) void controller.selectFrame(link.frame, 'frame');
    else if (link.conn !== null && data.connections.has(link.conn)) controller.selectConnection(link.conn);
    if (link.field) setLinkedField(link.field);
    applying = false;
    write();
  };

  const onChange = () => {
    if (pending) tryApply();
    else write();
  };
  const unStore = controller.store.subscribe(onChange);
  const unFilter = filterStore.subscribe(onChange);
  fieldListeners.add(onChange);
  const onHash = () => {
    seen = []; // the hash was changed from outside: write it again even if the state stays
    pending = parseDeepLink(location.hash);
    tryApply();
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    unStore();
    unFilter();
    fieldListeners.delete(onChange);
    window.removeEventListener('hashchange', onHash);
  };
}
