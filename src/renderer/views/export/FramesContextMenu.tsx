// The frames table's context menu (right click, the Menu key or Shift+F10 on a row) and
// Ctrl/Cmd+C: copy the payload as text, hex or base64; copy the handshake as a curl or websocat
// command; copy the client side as a replay script (Node ws, Python websockets); save the
// filtered (or the connection's) messages as JSON, CSV or HAR.

import { type KeyboardEvent, type MouseEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useController } from '../../model/context.js';
import { useAppState } from '../../model/store.js';
import { useFilterState } from '../filter/use-display-filter.js';
import { copyFrameSensibly, copyHandshake, copyPayload, copyReplay, exportMessages, saveSlice } from './actions.js';

interface MenuAt {
  x: number;
  y: number;
  frameId: number;
  connectionId: number;
}

/** A key press in a text field or with text selected is the browser's own copy. */
function ownCopy(e: globalThis.KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return true;
  return (window.getSelection()?.toString() ?? '') !== '';
}

export function FramesContextMenu({ children }: { children: ReactNode }) {
  const controller = useController();
  const selectedFrameId = useAppState((s) => s.selectedFrameId);
  const filtered = useFilterState((s) => s.applied !== '' && s.result != null && s.result.error == null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  // Ctrl/Cmd+C copies the selected frame's payload (text, or hex for binary).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'c' || e.shiftKey || e.altKey) return;
      const id = controller.store.getState().selectedFrameId;
      if (id == null || ownCopy(e)) return;
      e.preventDefault();
      void copyFrameSensibly(controller, id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);

  useEffect(() => {
    if (!menu) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (e: Event) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenu(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('blur', () => setMenu(null), { once: true });
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);

  const openAt = (frameId: number, x: number, y: number) => {
    const row = controller.store.getState().data.frames.row(frameId);
    if (!row) return;
    void controller.selectFrame(frameId);
    setMenu({ x, y, frameId, connectionId: row.connectionId });
  };

  const onContextMenu = (e: MouseEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-frame]');
    if (!row) return;
    e.preventDefault();
    openAt(Number(row.dataset.frame), e.clientX, e.clientY);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && selectedFrameId != null) {
      e.preventDefault();
      const row = (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-frame="${selectedFrameId}"]`);
      const r = row?.getBoundingClientRect();
      openAt(selectedFrameId, r ? r.left + 40 : 100, r ? r.bottom : 100);
    }
  };

  const run = (action: () => Promise<void>) => {
    setMenu(null);
    void action();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') setMenu(null);
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };

  const which = filtered ? 'filtered messages' : 'connection messages';
  const item = (label: ReactNode, action: () => Promise<void>) => (
    <button type="button" role="menuitem" onClick={() => run(action)}>
      {label}
    </button>
  );
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the rows inside are the grid; this only catches their context menu
    <div className="frames-context" onContextMenu={onContextMenu} onKeyDown={onKeyDown}>
      {children}
      {menu ? (
        <div
          ref={menuRef}
          className="context-menu"
          role="menu"
          aria-label={`Frame ${menu.frameId}`}
          style={{ left: Math.min(menu.x, window.innerWidth - 260), top: Math.min(menu.y, window.innerHeight - 380) }}
          onKeyDown={onMenuKey}
          data-testid="context-menu"
        >
          <div className="menu-title">Frame {menu.frameId}</div>
          {item(
            <>
              Copy payload as text <kbd>Ctrl+C</kbd>
            </>,
            () => copyPayload(controller, menu.frameId, 'text'),
          )}
          {item('Copy payload as hex', () => copyPayload(controller, menu.frameId, 'hex'))}
          {item('Copy payload as base64', () => copyPayload(controller, menu.frameId, 'base64'))}
          <hr />
          <div className="menu-title">Connection {menu.connectionId}</div>
          {item('Copy handshake as curl', () => copyHandshake(controller, menu.connectionId, 'curl'))}
          {item('Copy handshake as websocat', () => copyHandshake(controller, menu.connectionId, 'websocat'))}
          {item('Copy client replay script (Node, ws)', () => copyReplay(controller, menu.connectionId, 'node'))}
          {item('Copy client replay script (Python, websockets)', () =>
            copyReplay(controller, menu.connectionId, 'python'),
          )}
          {item(`Save connection ${menu.connectionId} as pcapng`, () =>
            saveSlice(controller, menu.connectionId, false),
          )}
          {filtered
            ? item('Save the filtered connections as pcapng', () => saveSlice(controller, menu.connectionId, true))
            : null}
          <hr />
          {item(`Save ${which} as JSON`, () => exportMessages(controller, menu.connectionId, 'json'))}
          {item(`Save ${which} as CSV`, () => exportMessages(controller, menu.connectionId, 'csv'))}
          {item(`Save ${which} as HAR`, () => exportMessages(controller, menu.connectionId, 'har'))}
        </div>
      ) : null}
    </div>
  );
}
