// useCaptureData: how views read the capture's rows (CaptureData), in the style of React
// DevTools' useSubscription: the derivation runs inside the subscription, and views never see a
// version number.
//
// Why: CaptureData is mutated in place (capture-data.ts says why), so React cannot tell by
// reference that it changed. The controller publishes a change by bumping `dataVersion` in the
// store (throttled while a big capture loads); this hook re-runs `select` only then, or when
// `select` itself changes, and otherwise hands back the value it made last time. A selector may
// therefore return a new object or array: it is made once per published version, not per render
// (useSyncExternalStore would loop on a snapshot that differs at every call).
//
// Rule: pass a function defined outside the component, or one made with useCallback (its deps
// are the props it reads); a new function every render re-runs the selection every render.

import { useMemo, useSyncExternalStore } from 'react';
import type { CaptureData } from './capture-data.js';
import { useStore } from './store.js';

export function useCaptureData<T>(select: (data: CaptureData) => T): T {
  const store = useStore();
  const getSnapshot = useMemo(() => {
    let last: { data: CaptureData; version: number; value: T } | null = null;
    return () => {
      const { data, dataVersion } = store.getState();
      if (last === null || last.data !== data || last.version !== dataVersion) {
        last = { data, version: dataVersion, value: select(data) };
      }
      return last.value;
    };
  }, [store, select]);
  return useSyncExternalStore(store.subscribe, getSnapshot);
}
