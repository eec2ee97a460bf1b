// The workspace: connections | timeline above (frames or messages | details), with a drag
// handle between each pair of panes (Splitter.tsx: pointer or keyboard) and a button on each pane
// that shows it alone (maximised; Esc or the button again restores). Pane sizes are kept in
// localStorage, so a teacher's layout survives a reload.
//
// Sizes are percentages of the workspace (the sidebar's width), of the main column (the
// timeline's height; null = as tall as its content, up to a cap) and of the lower row (the
// list's width), so the layout holds at any window size and any font size.

import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useController } from '../model/context.js';
import { useAppState } from '../model/store.js';
import { PANE_LABEL, type PaneId } from '../model/view-state.js';
import { Splitter } from './Splitter.js';

interface PaneSizes {
  sidebar: number;
  timeline: number | null;
  list: number;
}

const DEFAULTS: PaneSizes = { sidebar: 20, timeline: null, list: 55 };
const STORAGE = 'wsscope.panes';

function loadSizes(): PaneSizes {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(STORAGE) ?? '{}') as Partial<PaneSizes>;
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    return {
      sidebar: num(saved.sidebar, DEFAULTS.sidebar),
      timeline: typeof saved.timeline === 'number' ? saved.timeline : null,
      list: num(saved.list, DEFAULTS.list),
    };
  } catch {
    return DEFAULTS;
  }
}

function usePaneSizes(): [PaneSizes, (patch: Partial<PaneSizes>) => void] {
  const [sizes, setSizes] = useState(loadSizes);
  const update = useCallback((patch: Partial<PaneSizes>) => {
    setSizes((s) => {
      const next = { ...s, ...patch };
      try {
        globalThis.localStorage?.setItem(STORAGE, JSON.stringify(next));
      } catch {
        // storage unavailable: the layout just is not remembered
      }
      return next;
    });
  }, []);
  return [sizes, update];
}

/** One pane with its maximise / restore button. */
function Pane({ id, children }: { id: PaneId; children: ReactNode }) {
  const controller = useController();
  const maximized = useAppState((s) => s.maximized);
  const alone = maximized === id;
  return (
    <div className={`pane pane-${id}`} data-pane={id}>
      {children}
      <button
        type="button"
        className="pane-max"
        onClick={() => controller.maximize(id)}
        aria-label={alone ? `restore the layout (${PANE_LABEL[id]})` : `maximise ${PANE_LABEL[id]}`}
        aria-pressed={alone}
        title={alone ? 'restore all panes (Esc)' : `show ${PANE_LABEL[id]} alone`}
      >
        {alone ? '⤡' : '⤢'}
      </button>
    </div>
  );
}

export function Workspace(props: { connections: ReactNode; timeline: ReactNode; list: ReactNode; detail: ReactNode }) {
  const controller = useController();
  const maximized = useAppState((s) => s.maximized);
  const [sizes, setSizes] = usePaneSizes();
  const workRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const lowerRef = useRef<HTMLDivElement>(null);

  // Esc restores a maximised pane (unless a field or dialog uses Esc itself).
  useEffect(() => {
    if (!maximized) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || e.defaultPrevented || t?.closest('input, select, textarea, dialog')) return;
      controller.maximize(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [maximized, controller]);

  if (maximized) {
    const only: Record<PaneId, ReactNode> = {
      connections: props.connections,
      timeline: props.timeline,
      list: props.list,
      detail: props.detail,
    };
    return (
      <div className="workspace maximized" data-maximized={maximized}>
        <Pane id={maximized}>{only[maximized]}</Pane>
      </div>
    );
  }

  return (
    <div
      className="workspace resizable"
      ref={workRef}
      style={{ gridTemplateColumns: `minmax(8em, ${sizes.sidebar}%) auto minmax(0, 1fr)` }}
    >
      <Pane id="connections">{props.connections}</Pane>
      <Splitter
        orientation="vertical"
        label="Resize the connections list"
        value={sizes.sidebar}
        min={10}
        max={50}
        onChange={(v) => setSizes({ sidebar: v })}
        onReset={() => setSizes({ sidebar: DEFAULTS.sidebar })}
        container={() => workRef.current}
      />
      <div
        className="main"
        ref={mainRef}
        style={{
          gridTemplateRows: `${sizes.timeline == null ? 'auto' : `minmax(0, ${sizes.timeline}%)`} auto minmax(0, 1fr)`,
        }}
      >
        <Pane id="timeline">{props.timeline}</Pane>
        <Splitter
          orientation="horizontal"
          label="Resize the timeline"
          value={sizes.timeline ?? 40}
          min={10}
          max={85}
          onChange={(v) => setSizes({ timeline: v })}
          onReset={() => setSizes({ timeline: null })}
          container={() => mainRef.current}
        />
        <div
          className="lower"
          ref={lowerRef}
          style={{ gridTemplateColumns: `minmax(0, ${sizes.list}fr) auto minmax(0, ${100 - sizes.list}fr)` }}
        >
          <Pane id="list">{props.list}</Pane>
          <Splitter
            orientation="vertical"
            label="Resize the frames and details panes"
            value={sizes.list}
            min={15}
            max={85}
            onChange={(v) => setSizes({ list: v })}
            onReset={() => setSizes({ list: DEFAULTS.list })}
            container={() => lowerRef.current}
          />
          <Pane id="detail">{props.detail}</Pane>
        </div>
      </div>
    </div>
  );
}
