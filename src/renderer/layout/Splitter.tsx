// A drag handle between two panes (the WAI-ARIA window splitter pattern): a focusable separator
// with its value in percent; drag it with the pointer, or focus it (Tab) and use the arrow keys
// (Shift: bigger steps), Home/End for the limits, Enter to go back to the default.
// biome-ignore-all lint/a11y/useSemanticElements: a focusable separator is the ARIA splitter pattern (<hr> cannot take focus)

import type { KeyboardEvent, PointerEvent } from 'react';

export interface SplitterProps {
  /** 'vertical': a vertical bar between side-by-side panes (resizes widths). */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The size it controls, in percent of the container, and its limits. */
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  onReset: () => void;
  /** The element the percentages are of (its width or height). */
  container: () => HTMLElement | null;
}

export function Splitter({ orientation, label, value, min, max, onChange, onReset, container }: SplitterProps) {
  const clamp = (v: number) => Math.max(min, Math.min(max, v));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const box = container()?.getBoundingClientRect();
    if (!box) return;
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const v =
        orientation === 'vertical'
          ? ((ev.clientX - box.left) / box.width) * 100
          : ((ev.clientY - box.top) / box.height) * 100;
      onChange(clamp(v));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 2;
    const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === less) onChange(clamp(value - step));
    else if (e.key === more) onChange(clamp(value + step));
    else if (e.key === 'Home') onChange(min);
    else if (e.key === 'End') onChange(max);
    else if (e.key === 'Enter') onReset();
    else return;
    e.preventDefault();
  };
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={`${label}: drag, or focus and use the arrow keys (Enter resets)`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={onReset}
    />
  );
}
