// useCaptureData: how views read the capture's rows (CaptureData), without ever seeing a
// version number.
//
// Why: CaptureData is mutated in place (capture-data.ts says why), so React cannot tell by
// reference that it changed. The controller publishes a change by bumping `dataVersion` in the
// store (throttled while a big capture loads); this hook re-runs `select` only then, or when
// `select` itself changes, and otherwise hands back the value it made last time. A selector may
// therefore return a new object or array: it is made once per published version, not per render.
//
// A published version reaches the views as a React transition (issue 15: no load may block the
// UI thread for more than 100 ms): the re-render it causes is interruptible and done in slices
// between which the page handles input and paints, where a store update read through
// useSyncExternalStore would render every view at once, synchronously. A new CaptureData (another
// capture opened) is urgent instead: it is read with useSyncExternalStore, so no view draws the
// new capture's name beside the old capture's rows.
//
// Rule: pass a function defined outside the component, or one made with useCallback (its deps
// are the props it reads); a new function every render re-runs the selection every render.

import { startTransition, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CaptureData } from './capture-data.js';
import { useStore } from './store.js';

export function useCaptureData<T>(select: (data: CaptureData) => T): T {
  const store = useStore();
  const data = useSyncExternalStore(store.subscribe, () => store.getState().data);
  // Counts the versions published to this view (versions count from 0 again with each capture,
  // so the number itself would not always change).
  const [published, setPublished] = useState(0);
  // The version last asked for, of which rows (setState only when it changes: the store changes
  // far more often).
  const asked = useRef({ data, version: store.getState().dataVersion });
  useEffect(() => {
    const onChange = () => {
      const s = store.getState();
      if (s.dataVersion === asked.current.version && s.data === asked.current.data) return;
      asked.current = { data: s.data, version: s.dataVersion };
      startTransition(() => setPublished((n) => n + 1));
    };
    onChange(); // a version published between this render and the subscription
    return store.subscribe(onChange);
  }, [store]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `published` says when the rows in `data` changed
  return useMemo(() => select(data), [data, published, select]);
}
