// @vitest-environment jsdom
// useCaptureData: a selection is made once per published version of the rows (the store's
// dataVersion), or when the selector changes; a selector that builds a new object does not loop.

import { act, cleanup, render } from '@testing-library/react';
import { useCallback } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { Store, StoreContext } from '../../../src/renderer/model/store.js';
import { useCaptureData } from '../../../src/renderer/model/use-capture-data.js';

afterEach(cleanup);

describe('useCaptureData', () => {
  it('selects again only when a version is published or the selector changes', () => {
    const store = new Store();
    const calls: string[] = [];
    const seen: { findings: number; key: string }[] = [];
    function View({ k }: { k: string }) {
      const picked = useCaptureData(
        useCallback(
          (d: CaptureData) => {
            calls.push(k);
            // a new object every call: memoized per version, so no render loop
            return { findings: d.findings.length, key: k };
          },
          [k],
        ),
      );
      seen.push(picked);
      return <span>{picked.findings}</span>;
    }
    const view = render(
      <StoreContext.Provider value={store}>
        <View k="a" />
      </StoreContext.Provider>,
    );
    expect(calls).toEqual(['a']);

    // rows mutated in place but not published: nothing re-selects
    store.getState().data.findings.push({} as never);
    act(() => store.set({ theme: 'dark' }));
    expect(calls).toEqual(['a']);
    expect(view.container.textContent).toBe('0');

    // published: selected once more, and the view shows it
    act(() => store.set({ dataVersion: 1 }));
    expect(calls).toEqual(['a', 'a']);
    expect(view.container.textContent).toBe('1');

    // a new selector (its deps changed)
    view.rerender(
      <StoreContext.Provider value={store}>
        <View k="b" />
      </StoreContext.Provider>,
    );
    expect(calls).toEqual(['a', 'a', 'b']);
    expect(seen[seen.length - 1]).toEqual({ findings: 1, key: 'b' });
    // the same object is handed back between versions
    view.rerender(
      <StoreContext.Provider value={store}>
        <View k="b" />
      </StoreContext.Provider>,
    );
    expect(seen[seen.length - 1]).toBe(seen[seen.length - 2]);
  });
});
