// The top bar: open, live capture, capture name, quick search, time mode, theme, font size.
// What is offered depends on the shell: Electron and `wsscope serve` can capture live; static
// files can only open what the user drops or picks.

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { t, useLang } from '../i18n/index.js';
import { useController } from '../model/context.js';
import { useAppState } from '../model/store.js';
import { LanguageMenu } from './lesson/LanguageMenu.js';
import { setRoute } from './lesson/route.js';

function LiveForm({ onDone }: { onDone: () => void }) {
  const controller = useController();
  const [port, setPort] = useState('8080');
  const [iface, setIface] = useState('lo');
  const [keyLog, setKeyLog] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      controller.notify(`port must be 1–65535, not "${port}"`);
      return;
    }
    onDone();
    void controller.startLive(n, iface.trim(), keyLog.trim());
  };
  return (
    <form onSubmit={submit} style={{ display: 'inline-flex', gap: '0.3em', alignItems: 'center' }}>
      <label>
        port <input value={port} onChange={(e) => setPort(e.target.value)} size={5} aria-label="live capture port" />
      </label>
      <label>
        on <input value={iface} onChange={(e) => setIface(e.target.value)} size={6} aria-label="network interface" />
      </label>
      <label title="an NSS key log (SSLKEYLOGFILE) the server writes: wss:// is decrypted live and the saved pcapng carries the keys">
        keys{' '}
        <input
          value={keyLog}
          onChange={(e) => setKeyLog(e.target.value)}
          size={16}
          placeholder="/path/to/keys.log"
          aria-label="key log path"
        />
      </label>
      <button type="submit">Start</button>
      <button type="button" onClick={onDone}>
        ×
      </button>
    </form>
  );
}

export function TopBar() {
  const controller = useController();
  const shellMode = useAppState((s) => s.shellMode);
  const capture = useAppState((s) => s.capture);
  const liveRunning = useAppState((s) => s.liveRunning);
  const theme = useAppState((s) => s.theme);
  const keyLogNames = useAppState((s) => s.keyLogNames);
  const fontSize = useAppState((s) => s.fontSize);
  const timeMode = useAppState((s) => s.timeMode);
  const presentation = useAppState((s) => s.presentation);
  const initialQuery = useAppState((s) => s.searchQuery);
  const [query, setQuery] = useState(initialQuery);
  const liveForm = useAppState((s) => s.liveFormOpen);
  const setLiveForm = (open: boolean) => controller.setLiveForm(open);
  const searchRef = useRef<HTMLInputElement>(null);

  // Search as you type, debounced: the worker scans every payload.
  useEffect(() => {
    const t = setTimeout(() => controller.search(query), 200);
    return () => clearTimeout(t);
  }, [query, controller]);

  // Ctrl/Cmd+F focuses the quick search (the app's own find).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useLang();
  const canLive = shellMode === 'electron' || shellMode === 'server';
  return (
    <header className="topbar">
      <span className="brand">
        ws<span>scope</span>
      </span>
      {shellMode === 'electron' ? (
        <button type="button" onClick={() => void controller.openDialog()}>
          Open…
        </button>
      ) : null}
      <label className="file-button" title="open a .pcap / .pcapng capture (or drop it on the window)">
        {shellMode === 'electron' ? 'Pick file' : 'Open capture'}
        <input
          type="file"
          accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap"
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) controller.openFile(file);
            e.target.value = '';
          }}
        />
      </label>
      <label
        className="file-button"
        title={
          keyLogNames.length > 0
            ? `TLS keys from ${keyLogNames.join(', ')}; add another key log`
            : 'open a TLS key log (SSLKEYLOGFILE) to decrypt wss:// (or drop it on the window)'
        }
      >
        {keyLogNames.length > 0 ? `TLS keys (${keyLogNames.length})` : 'Key log…'}
        <input
          type="file"
          data-testid="keylog-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void controller.addKeyLogFile(file);
            e.target.value = '';
          }}
        />
      </label>
      {canLive ? (
        liveRunning ? (
          <button type="button" onClick={() => void controller.stopLive()}>
            ■ Stop capture
          </button>
        ) : liveForm ? (
          <LiveForm onDone={() => setLiveForm(false)} />
        ) : (
          <button type="button" onClick={() => setLiveForm(true)}>
            ● Live…
          </button>
        )
      ) : null}
      {capture?.live && !liveRunning && canLive ? (
        <button type="button" onClick={() => void controller.saveLive()}>
          Save capture
        </button>
      ) : null}
      {capture ? (
        <span className="capture-name" title={capture.name}>
          {capture.name}
        </span>
      ) : null}
      <span className="spacer" />
      <button
        type="button"
        onClick={() => setRoute({ kind: 'lesson', connectionId: null, step: 1 })}
        title={t('lesson.buttonTitle')}
        disabled={!capture}
        data-testid="lesson-button"
      >
        {t('lesson.button')}
      </button>
      <LanguageMenu />
      <input
        ref={searchRef}
        type="search"
        placeholder="Search payloads…"
        title="find messages by payload text, in every connection"
        aria-label="Search payload text"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <button
        type="button"
        onClick={() => controller.toggleTimeMode()}
        title={
          timeMode === 'relative'
            ? "times are seconds since the capture's start (click for UTC clock time)"
            : "times are UTC clock times (click for seconds since the capture's start)"
        }
        aria-label={`${timeMode === 'relative' ? 'time +s' : 'time UTC'}: time mode`}
      >
        {timeMode === 'relative' ? 'time +s' : 'time UTC'}
      </button>
      <button type="button" onClick={() => controller.toggleTheme()} title="light / dark theme" aria-label="theme">
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <span title="font size" style={{ display: 'inline-flex', gap: '0.15em' }}>
        <button type="button" onClick={() => controller.zoom(-1)} aria-label="A− smaller text">
          A−
        </button>
        <button type="button" onClick={() => controller.zoom(0)} aria-label="A reset text size" title={`${fontSize}px`}>
          A
        </button>
        <button type="button" onClick={() => controller.zoom(1)} aria-label="A+ larger text">
          A+
        </button>
      </span>
      <button
        type="button"
        onClick={() => controller.togglePresentation()}
        aria-pressed={presentation}
        title="presentation: the largest type, for a projector (again to go back)"
      >
        Present
      </button>
      <span className="mode-badge" title={modeHelp(shellMode)} data-testid="shell-mode">
        {shellMode === 'detecting' ? '…' : shellMode === 'static' ? 'static' : shellMode}
      </span>
    </header>
  );
}

export function modeHelp(mode: string): string {
  switch (mode) {
    case 'electron':
      return 'desktop app';
    case 'server':
      return 'browser mode: served by wsscope serve';
    case 'static':
      return 'static files: open captures by drag and drop or the Open button; live capture needs `wsscope serve`';
    default:
      return '';
  }
}
