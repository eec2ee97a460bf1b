import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { RFC6455_URL } from '../../src/main/external-links.js';
import { buildMenuTemplate, type MenuActions, type MenuState } from '../../src/main/menu.js';
import type { MenuCommand } from '../../src/shared/api.js';

function recorder() {
  const calls: { sent: MenuCommand[]; recent: string[]; external: string[]; cleared: number } = {
    sent: [],
    recent: [],
    external: [],
    cleared: 0,
  };
  const actions: MenuActions = {
    send: (command) => calls.sent.push(command),
    openRecent: (path) => calls.recent.push(path),
    clearRecent: () => {
      calls.cleared += 1;
    },
    openExternal: (url) => calls.external.push(url),
  };
  return { calls, actions };
}

const linux: MenuState = { platform: 'linux', recent: [], liveRunning: false, liveSavable: false };

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label?.replace('&', '') === label || item.role === label);
  if (!menu) throw new Error(`no menu ${label}`);
  return menu.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((entry) => entry.label === label);
  if (!found) throw new Error(`no item ${label}`);
  return found;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('application menu', () => {
  it('has File, Edit, Live capture, View and Help menus on Linux and Windows', () => {
    const template = buildMenuTemplate(linux, recorder().actions);
    expect(template.map((entry) => entry.label ?? entry.role)).toEqual([
      '&File',
      'editMenu',
      '&Live capture',
      '&View',
      'help',
    ]);
  });

  it('adds the app and window menus on macOS, and closes instead of quitting from File', () => {
    const template = buildMenuTemplate({ ...linux, platform: 'darwin' }, recorder().actions);
    expect(template.map((entry) => entry.label ?? entry.role)).toEqual([
      'appMenu',
      'File',
      'editMenu',
      'Live capture',
      'View',
      'windowMenu',
      'help',
    ]);
    expect(submenu(template, 'File').some((entry) => entry.role === 'close')).toBe(true);
    expect(submenu(buildMenuTemplate(linux, recorder().actions), 'File').some((entry) => entry.role === 'quit')).toBe(
      true,
    );
  });

  it.each([
    ['File', 'Open…', 'CmdOrCtrl+O', 'file.open'],
    ['Live capture', 'Start on a port…', 'CmdOrCtrl+Shift+L', 'live.start'],
    ['Live capture', 'Stop', 'CmdOrCtrl+.', 'live.stop'],
    ['Live capture', 'Save as pcapng…', 'CmdOrCtrl+S', 'live.save'],
    ['View', 'Find', 'CmdOrCtrl+F', 'find'],
    ['View', 'Zoom In', 'CmdOrCtrl+=', 'view.zoomIn'],
    ['View', 'Zoom Out', 'CmdOrCtrl+-', 'view.zoomOut'],
    ['View', 'Reset Zoom', 'CmdOrCtrl+0', 'view.resetZoom'],
    ['View', 'Toggle Theme', 'CmdOrCtrl+Shift+T', 'view.toggleTheme'],
  ])('%s › %s (%s) sends %s to the renderer', (menu, label, accelerator, command) => {
    const { calls, actions } = recorder();
    const entry = item(submenu(buildMenuTemplate(linux, actions), menu), label);
    expect(entry.accelerator).toBe(accelerator);
    click(entry);
    expect(calls.sent).toEqual([command]);
  });

  it('enables Stop only while a capture runs, and Save only when one has bytes', () => {
    const idle = submenu(buildMenuTemplate(linux, recorder().actions), 'Live capture');
    expect([item(idle, 'Stop').enabled, item(idle, 'Save as pcapng…').enabled]).toEqual([false, false]);
    const running = submenu(
      buildMenuTemplate({ ...linux, liveRunning: true, liveSavable: true }, recorder().actions),
      'Live capture',
    );
    expect([item(running, 'Stop').enabled, item(running, 'Save as pcapng…').enabled]).toEqual([true, true]);
    expect(item(running, 'Start on a port…').enabled).toBeUndefined();
  });

  it('lists recent files, opens the one clicked, and can clear them', () => {
    const { calls, actions } = recorder();
    const recent = ['/caps/b.pcapng', '/caps/R&D/a.pcap'];
    const items = item(submenu(buildMenuTemplate({ ...linux, recent }, actions), 'File'), 'Open Recent')
      .submenu as MenuItemConstructorOptions[];
    expect(items.map((entry) => entry.label ?? entry.type)).toEqual([
      '/caps/b.pcapng',
      '/caps/R&&D/a.pcap', // "&" doubled: a single one would mark a mnemonic
      'separator',
      'Clear Recent',
    ]);
    click(items[1]);
    click(items[3]);
    expect(calls.recent).toEqual(['/caps/R&D/a.pcap']);
    expect(calls.cleared).toBe(1);
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const items = item(submenu(buildMenuTemplate(linux, recorder().actions), 'File'), 'Open Recent')
      .submenu as MenuItemConstructorOptions[];
    expect(items).toEqual([{ label: 'No recent files', enabled: false }]);
  });

  it('Help › RFC 6455 opens the RFC in the browser', () => {
    const { calls, actions } = recorder();
    click(item(submenu(buildMenuTemplate(linux, actions), 'help'), 'RFC 6455: The WebSocket Protocol'));
    expect(calls.external).toEqual([RFC6455_URL]);
    expect(calls.sent).toEqual([]);
  });
});
