// @vitest-environment jsdom
// The frames and messages tables on rows that came without their preview text (worker/engine.ts
// EAGER_PREVIEWS): the cells fill in once the texts come and a new version of the rows is
// published, as the controller does (fetchPreviews). Expected texts: fixture 01's intent.json
// (the client sends "hello" first; the closes say "1000 normal bye").

import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { tableCollator } from '../../../src/renderer/model/collation-ranks.js';
import type { SummaryWant } from '../../../src/renderer/model/summary-keys.js';
import { FramesTable } from '../../../src/renderer/views/frames/FramesTable.js';
import { MessagesTable } from '../../../src/renderer/views/messages/MessagesTable.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { fixtureBytes } from '../decoded.js';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterEach(cleanup);

/** Fixture 01 decoded with no preview texts in the batches, and a way to answer what views asked. */
async function lazyCapture() {
  const bytes = await fixtureBytes('01_pyws_text_echo.pcap');
  const engine = new DecodeEngine(bytes.length, undefined, true, 0);
  const data = new CaptureData();
  engine.push(bytes);
  engine.end();
  while (engine.hasPending()) data.apply(engine.takeBatch());
  const answer = () => {
    const f = data.frames.lazy.takeWanted();
    const m = data.messages.lazy.takeWanted();
    const p = engine.previews(f, m);
    data.frames.lazy.put(f, p.frames);
    data.messages.lazy.put(m, p.messages);
  };
  return { data, answer, engine };
}

const common = { onSelect: vi.fn(), onOpen: vi.fn(), timeMode: 'relative' as const, origin: 0, rowHeight: 22 };
const texts = (selector: string) => [...document.querySelectorAll(selector)].map((r) => r.textContent ?? '');

describe('rows without their preview text', () => {
  it('fill in in the frames table once the texts came', async () => {
    const { data, answer } = await lazyCapture();
    const ids = data.framesByConnection.get(1)!;
    const props = { ...common, selectedId: null, showConnection: false };
    const { rerender } = render(<FramesTable {...props} rows={{ frames: data.frames, ids }} />);
    expect(texts('[data-frame]').some((t) => t.includes('hello'))).toBe(false);
    act(() => answer());
    // a new version of the rows: the same columns and id list in a new object (useCaptureData)
    rerender(<FramesTable {...props} rows={{ frames: data.frames, ids }} />);
    const rows = texts('[data-frame]');
    expect(rows[0]).toContain('hello');
    expect(rows.at(-1)).toContain('1000 normal bye');
  });

  it('fill in in the messages table once the texts came', async () => {
    const { data, answer } = await lazyCapture();
    const ids = data.messagesByConnection.get(1)!;
    const props = {
      ...common,
      selectedId: null,
      showConnection: false,
      findingsOf: () => [],
      query: null,
      emptyText: '',
    };
    const { rerender } = render(<MessagesTable {...props} rows={{ messages: data.messages, ids }} />);
    expect(document.body.textContent).not.toContain('hello');
    act(() => answer());
    rerender(<MessagesTable {...props} rows={{ messages: data.messages, ids }} />);
    expect(document.body.textContent).toContain('hello');
    expect(document.body.textContent).toContain('1000 normal bye');
  });

  it("say in the Summary header that a sort is on its way until the worker's order came", async () => {
    const { data, answer, engine } = await lazyCapture();
    const asked: SummaryWant[] = [];
    data.frames.summaryKeys.onWant = (want) => asked.push(want);
    const ids = data.framesByConnection.get(1)!;
    const props = { ...common, selectedId: null, showConnection: false };
    const { rerender } = render(<FramesTable {...props} rows={{ frames: data.frames, ids }} />);
    act(() => answer());
    const header = () =>
      [...document.querySelectorAll('[role=columnheader]')].find((h) => h.textContent?.startsWith('Summary'))!;
    const rowIds = () =>
      [...document.querySelectorAll('[data-frame]')].map((r) => Number(r.getAttribute('data-frame')));
    const inArrival = Array.from({ length: ids.length }, (_, i) => ids.at(i));

    fireEvent.click(header());
    expect(asked.map((w) => w.ranks)).toEqual([true]);
    // the rows keep their order: the header must not claim they are sorted
    expect(rowIds()).toEqual(inArrival);
    expect(header().getAttribute('aria-sort')).toBe('none');
    expect(header().getAttribute('aria-busy')).toBe('true');
    expect(header().querySelector('[role=img]')?.getAttribute('aria-label')).toBe(
      'sorting ascending, waiting for the order',
    );
    expect(header().textContent).not.toContain('▲');
    expect(document.querySelector('.grid-footer')?.textContent).toContain('sorting by summary…');

    const keys = await engine.summaryKeysRead(asked[0]!.locale, true, null);
    act(() => data.frames.summaryKeys.put(keys));
    rerender(<FramesTable {...props} rows={{ frames: data.frames, ids }} />);
    expect(header().getAttribute('aria-sort')).toBe('ascending');
    expect(header().hasAttribute('aria-busy')).toBe(false);
    expect(header().querySelector('[role=img]')).toBeNull();
    expect(header().textContent).toContain('▲');
    // the collator comparator's order, ties in arrival order
    const summaries = engine.previews(inArrival, []).frames;
    const collator = tableCollator(asked[0]!.locale);
    const expected = inArrival
      .map((id, i) => ({ id, text: summaries[i] as string, i }))
      .sort((a, b) => (a.text === b.text ? 0 : collator.compare(a.text, b.text)) || a.i - b.i)
      .map((r) => r.id);
    expect(expected).not.toEqual(inArrival);
    expect(rowIds()).toEqual(expected);
  });
});
