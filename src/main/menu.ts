// The native application menu, as a template built by a pure function.
//
// Theory of operation: `buildMenuTemplate(state, actions)` returns Electron's
// MenuItemConstructorOptions; `installMenu` builds and sets it. The menu never does the work
// itself: it sends a MenuCommand to the renderer (which then calls back through the ShellApi, e.g.
// 'file.open' → openFileDialog()), so a menu click and a toolbar click take the same path.
// Exceptions: Open Recent (main already trusts the path; `actions.openRecent`), Help links
// (allowlisted shell.openExternal) and the standard roles (quit, copy/paste, full screen).
// The menu is rebuilt when its state changes (recent list, live capture running or not).

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api.js';
import { RFC6455_URL, RFC7692_URL } from './external-links.js';

export interface MenuState {
  platform: NodeJS.Platform;
  recent: readonly string[];
  /** A live capture is running (enables Stop). */
  liveRunning: boolean;
  /** Some live capture has bytes to save (enables Save as pcapng). */
  liveSavable: boolean;
  /** A development build (not packaged): only then does the menu offer the developer tools. */
  development?: boolean;
}

export interface MenuActions {
  send(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
  openExternal(url: string): void;
}

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const send = (command: MenuCommand) => () => actions.send(command);
  // "&" marks the Alt-key mnemonic on Windows and Linux; macOS menus have none, so leave it out there.
  const top = (label: string) => (mac ? label.replace('&', '') : label);
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: top('&File'),
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('file.open') },
        { label: 'Open Recent', submenu: recentSubmenu(state.recent, actions) },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: top('&Live capture'),
      submenu: [
        { label: 'Start on a port…', accelerator: 'CmdOrCtrl+Shift+L', click: send('live.start') },
        { label: 'Stop', accelerator: 'CmdOrCtrl+.', enabled: state.liveRunning, click: send('live.stop') },
        { type: 'separator' },
        { label: 'Save as pcapng…', accelerator: 'CmdOrCtrl+S', enabled: state.liveSavable, click: send('live.save') },
      ],
    },
    {
      label: top('&View'),
      submenu: [
        { label: 'Find', accelerator: 'CmdOrCtrl+F', click: send('find') },
        { type: 'separator' },
        { label: 'Zoom In', accelerator: 'CmdOrCtrl+=', click: send('view.zoomIn') },
        { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', click: send('view.zoomOut') },
        { label: 'Reset Zoom', accelerator: 'CmdOrCtrl+0', click: send('view.resetZoom') },
        { type: 'separator' },
        { label: 'Toggle Theme', accelerator: 'CmdOrCtrl+Shift+T', click: send('view.toggleTheme') },
        { role: 'togglefullscreen' },
        // The developer tools run any code in the renderer: development builds only.
        ...(state.development === true ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
  );
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [
      { label: 'RFC 6455: The WebSocket Protocol', click: () => actions.openExternal(RFC6455_URL) },
      { label: 'RFC 7692: Compression Extensions for WebSocket', click: () => actions.openExternal(RFC7692_URL) },
    ],
  });
  return template;
}

function recentSubmenu(recent: readonly string[], actions: MenuActions): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No recent files', enabled: false }];
  return [
    // A path may contain "&", which Windows and Linux menus would read as a mnemonic marker.
    ...recent.map((path) => ({ label: path.replaceAll('&', '&&'), click: () => actions.openRecent(path) })),
    { type: 'separator' },
    { label: 'Clear Recent', click: () => actions.clearRecent() },
  ];
}
