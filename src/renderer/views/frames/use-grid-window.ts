// Windowing for a grid of fixed-height rows: which rows to draw for the scroll position, where
// each goes, and scrolling a newly selected row into view. The maths is in pure functions
// (gridWindow, scrollToShow), the hook wires them to the scroll element.
//
// Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px): past MAX_BODY_PX
// the body stays at that height and scrolling maps proportionally onto the rows, which are
// placed relative to the scroll position.

import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Rows drawn beyond each edge of the viewport. */
export const OVERSCAN = 12;

/** Tallest body we let the browser lay out (below Firefox's ~17.9M px cap on element height). */
export const MAX_BODY_PX = 15_000_000;

export interface GridGeometry {
  /** Height of the body element (the rows' total height, capped at MAX_BODY_PX). */
  bodyHeight: number;
  /** Largest scroll into the body. */
  maxScroll: number;
  /** Row pixels per scrolled pixel (1 unless the body is capped). */
  ratio: number;
  /** How far the viewport top is into the body, in scroll pixels. */
  inBody: number;
  /** The same in row pixels. */
  virtualTop: number;
  /** Display indexes drawn: [first, last). */
  first: number;
  last: number;
}

/**
 * The rows to draw for `count` rows of `rowHeight` px, a viewport `viewHeight` px tall scrolled
 * to `scrollTop`, the body starting `bodyTop` px below the scroll element's top (the header).
 */
export function gridWindow(
  count: number,
  rowHeight: number,
  viewHeight: number,
  scrollTop: number,
  bodyTop: number,
): GridGeometry {
  const total = count * rowHeight;
  const bodyHeight = Math.min(total, MAX_BODY_PX);
  const maxScroll = Math.max(0, bodyHeight - viewHeight);
  const ratio = total > bodyHeight && maxScroll > 0 ? (total - viewHeight) / maxScroll : 1;
  const inBody = Math.min(maxScroll, Math.max(0, scrollTop - bodyTop));
  const virtualTop = inBody * ratio;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((virtualTop + viewHeight) / rowHeight) + OVERSCAN);
  return { bodyHeight, maxScroll, ratio, inBody, virtualTop, first, last };
}

/**
 * Rows beyond the drawn ones, on each side, whose preview texts a table asks for ahead: rows
 * arrive without them past the first ones (worker/engine.ts EAGER_PREVIEWS) and the texts come a
 * round trip to the worker later, so a fast scroll showed the rows at its leading edge blank.
 * Three screens of a maximised window: a fling of 400 px a frame stayed ahead of it.
 */
export const READ_AHEAD = 120;

/** Calls `want` for the display indexes within READ_AHEAD of the drawn rows [first, last). */
export function readAhead(first: number, last: number, count: number, want: (k: number) => void): void {
  for (let k = Math.max(0, first - READ_AHEAD); k < first; k++) want(k);
  for (let k = last; k < Math.min(count, last + READ_AHEAD); k++) want(k);
}

/** Where display row `k` goes inside the body (its translateY). */
export function rowTop(g: GridGeometry, k: number, rowHeight: number): number {
  return k * rowHeight - g.virtualTop + g.inBody;
}

/**
 * The scrollTop that brings row `index` into view, or null when it is in view already. A row
 * above the viewport goes just below the sticky header; one below it goes to the bottom edge.
 */
export function scrollToShow(
  index: number,
  rowHeight: number,
  g: Pick<GridGeometry, 'maxScroll' | 'ratio'>,
  scrollTop: number,
  viewHeight: number,
  bodyTop: number,
  headHeight: number,
): number | null {
  const top = index * rowHeight;
  const now = Math.min(g.maxScroll, Math.max(0, scrollTop - bodyTop)) * g.ratio;
  let want: number | null = null;
  if (top < now + (scrollTop > bodyTop ? headHeight : 0)) want = top - headHeight;
  else if (top + rowHeight > now + viewHeight) want = top + rowHeight - viewHeight;
  return want == null ? null : Math.max(0, want) / g.ratio + bodyTop;
}

export interface GridWindow extends GridGeometry {
  scrollRef: RefObject<HTMLDivElement | null>;
  bodyRef: RefObject<HTMLDivElement | null>;
  /** Rows in a page (PgUp/PgDn): a viewport less one row. */
  pageRows: () => number;
}

/**
 * The window of `count` rows for the scroll element behind `scrollRef` (its body behind
 * `bodyRef`), following scrolls and resizes, and scrolling to `selectedIndex` whenever the
 * selection changes (only then: a growing list does not pull the view back to it).
 */
export function useGridWindow(count: number, rowHeight: number, selectedIndex: number): GridWindow {
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);
  // Where the body starts (below the header), read when the browser has laid the grid out (a
  // scroll, a resize, a selection): reading it while rendering would force a layout per render.
  const [bodyTop, setBodyTop] = useState(0);
  const g = gridWindow(count, rowHeight, viewHeight, scrollTop, bodyTop);
  // The geometry of the last render, for the selection effect (which must not re-run on it):
  // written after rendering, before that effect runs.
  const latest = useRef({ g, viewHeight });
  useLayoutEffect(() => {
    latest.current = { g, viewHeight };
  });

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const readBodyTop = () => setBodyTop(bodyRef.current?.offsetTop ?? 0);
    const onScroll = () => {
      readBodyTop();
      setScrollTop(el.scrollTop);
    };
    const measure = () => {
      readBodyTop();
      setViewHeight(el.clientHeight || 600);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    // A ResizeObserver reports the first size after the browser's own layout: reading
    // clientHeight here would force that layout inside the task that mounted the grid (tens of
    // ms on a fresh workspace, issue 15). Without one (tests), measure now.
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    if (ro) ro.observe(el);
    else measure();
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex < 0) return;
    const head = (el.querySelector('.grid-head') as HTMLElement | null)?.offsetHeight ?? 0;
    const { g, viewHeight } = latest.current;
    const top = bodyRef.current?.offsetTop ?? 0;
    setBodyTop(top);
    const next = scrollToShow(selectedIndex, rowHeight, g, el.scrollTop, el.clientHeight || viewHeight, top, head);
    if (next == null) return;
    el.scrollTop = next;
    setScrollTop(el.scrollTop);
  }, [selectedIndex, rowHeight]);

  const pageRows = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
  return { ...g, scrollRef, bodyRef, pageRows };
}
