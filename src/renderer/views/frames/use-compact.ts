// Is a table's pane narrow (a 1280×720 window at projector font size)? Measured in ems of the
// table's header, so a larger font makes the same pane "narrower": the table then drops or
// shortens columns to keep its summary readable (frames and messages tables).

import { type RefObject, useEffect, useState } from 'react';

export function useCompact(ref: RefObject<HTMLDivElement | null>, minEm: number): boolean {
  const [compact, setCompact] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = () => {
      const em = Number.parseFloat(getComputedStyle(el.querySelector('.grid-head') ?? el).fontSize) || 12;
      setCompact(el.clientWidth / em < minEm);
    };
    // the observer's first report comes after the browser's layout: no check() now, which
    // would force that layout in the task that mounted the table
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, minEm]);
  return compact;
}
