// @vitest-environment jsdom
// The frames and messages tables on rows that came without their preview text (worker/engine.ts
// EAGER_PREVIEWS): the cells fill in once the texts come and a new version of the rows is
// published, as the controller does (fetchPreviews). Expected texts: fixture 01's intent.json
// (the client sends "hello" first; the closes say "1000 normal bye").

import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
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
  return { data, answer };
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
});
