// @vitest-environment jsdom
// Frames table (react-table v9, windowed by hand) and the message timeline, fed with real rows
// from decoded captures.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FramesTable, type FramesTableProps } from '../../../src/renderer/views/frames/FramesTable.js';
import { MessageTimeline } from '../../../src/renderer/views/timeline/MessageTimeline.js';
import { type Decoded, decodeFixture, frameColumnsOf } from '../decoded.js';

type TimelineProps = Parameters<typeof MessageTimeline>[0];

/** The timeline of one connection of a decoded fixture, with no-op handlers unless given. */
function timelineOf(
  data: Decoded['data'],
  connection: TimelineProps['connection'],
  messageIds: TimelineProps['rows']['messageIds'],
  more: Partial<TimelineProps> = {},
) {
  return (
    <MessageTimeline
      connection={connection}
      connections={data.connectionList()}
      rows={{ messageIds, frames: data.frames, messages: data.messages }}
      findings={[]}
      selectedMessageId={null}
      onSelectMessage={() => {}}
      onSelectConnection={() => {}}
      {...more}
    />
  );
}

// jsdom lays nothing out: give every element a size so the virtualizer has a viewport.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 900 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterEach(cleanup);

async function table(fixture: string, overrides: Partial<FramesTableProps> = {}) {
  const { data } = await decodeFixture(fixture);
  const conn = data.firstInteresting()!;
  const ids = data.framesByConnection.get(conn.id)!;
  const rows = ids.toArray().map((id) => data.frames.row(id)!);
  const onSelect = vi.fn();
  const onOpen = vi.fn();
  const props: FramesTableProps = {
    rows: { frames: data.frames, ids },
    selectedId: null,
    onSelect,
    onOpen,
    timeMode: 'relative',
    origin: data.origin,
    showConnection: false,
    rowHeight: 22,
    ...overrides,
  };
  const view = render(<FramesTable {...props} />);
  return { view, rows, onSelect, onOpen, data, props };
}

const visibleIds = () =>
  [...document.querySelectorAll('[data-frame]')].map((r) => Number(r.getAttribute('data-frame')));

describe('frames table', () => {
  it('shows one row per frame with opcode, direction, FIN and summary', async () => {
    const { rows } = await table('01_pyws_text_echo.pcap');
    expect(visibleIds()).toEqual(rows.map((r) => r.id));
    const first = document.querySelector('[data-frame]')!;
    expect(first.textContent).toContain('text');
    expect(first.textContent).toContain('hello');
    expect(first.textContent).toContain('→');
  });

  it('sorts by length when the header is clicked: largest first, then smallest first', async () => {
    await table('01_pyws_text_echo.pcap');
    const lengths = () => [...document.querySelectorAll('[data-frame]')].map((r) => Number(r.children[7].textContent));
    fireEvent.click(screen.getByRole('columnheader', { name: /Length/ }));
    // intent 01: the longest message is 111 bytes, the shortest empty
    expect(lengths()).toEqual([...lengths()].sort((a, b) => b - a));
    expect(lengths()[0]).toBe(111);
    fireEvent.click(screen.getByRole('columnheader', { name: /Length/ }));
    expect(lengths()[0]).toBe(0);
  });

  it('filters by opcode and by summary text', async () => {
    await table('01_pyws_text_echo.pcap');
    fireEvent.change(screen.getByLabelText('filter opcode'), { target: { value: 'close' } });
    expect(visibleIds()).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('filter opcode'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('filter summary'), { target: { value: 'bye-ish' } });
    expect(visibleIds()).toHaveLength(2);
  });

  it('moves the selection with the arrow keys and opens with Enter', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const rows = data.framesByConnection.get(data.firstInteresting()!.id)!.toArray();
    const { onSelect, onOpen } = await table('01_pyws_text_echo.pcap', { selectedId: rows[2] });
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith(rows[3]);
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(onSelect).toHaveBeenLastCalledWith(rows[1]);
    fireEvent.keyDown(grid, { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith(rows[rows.length - 1]);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[2]);
  });

  it('keeps only the visible rows in the DOM', async () => {
    // 01 has 16 frames; repeat its rows to 100 000 to see the virtualizer at work
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const base = data.frames.all();
    const many = Array.from({ length: 100_000 }, (_, i) => ({ ...base[i % base.length], id: i + 1 }));
    const start = performance.now();
    await table('01_pyws_text_echo.pcap', { rows: frameColumnsOf(many) });
    expect(performance.now() - start).toBeLessThan(5000);
    const shown = visibleIds().length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
  });
});

describe('message timeline', () => {
  it('draws a mark per message, the readyState lifecycle and ping → pong round trips', async () => {
    const { data } = await decodeFixture('04_fragments_ping_pong_close_codes.pcap');
    const conn = data.firstInteresting()!;
    const ids = data.messagesByConnection.get(conn.id)!;
    const messages = data.messages.rows(ids);
    const onSelectMessage = vi.fn();
    const { container } = render(timelineOf(data, conn, ids, { findings: data.findingsFor(conn.id), onSelectMessage }));
    // every message is in view at the initial zoom (fit to the connection)
    expect(container.querySelectorAll('[data-message]').length).toBeGreaterThan(10);
    // CONNECTING 0 → OPEN 1 → CLOSING 2 → CLOSED 3
    const states = [...container.querySelectorAll('[data-state]')].map((g) => g.getAttribute('data-state'));
    expect(states).toEqual(expect.arrayContaining(['0 CONNECTING', '1 OPEN', '2 CLOSING', '3 CLOSED']));
    // answered pings draw an arc each (04: pings answered by pongs)
    const answered = messages.filter((m) => m.type === 'pong' && m.pingId != null).length;
    expect(answered).toBeGreaterThan(0);
    expect(container.querySelectorAll('path[stroke="var(--c-pong)"]').length).toBe(answered);
    // fragmented messages are drawn as their frames
    const fragmented = messages.find((m) => m.frameIds.length > 2)!;
    expect(container.querySelectorAll(`[data-message="${fragmented.id}"] line`).length).toBe(
      fragmented.frameIds.length + 1,
    );
    // click selects the message
    fireEvent.click(container.querySelector(`[data-message="${fragmented.id}"]`)!);
    expect(onSelectMessage).toHaveBeenCalledWith(fragmented.id);
  });

  it('previews a message on hover', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const conn = data.firstInteresting()!;
    const ids = data.messagesByConnection.get(conn.id)!;
    const messages = data.messages.rows(ids);
    const { container } = render(timelineOf(data, conn, ids));
    fireEvent.mouseEnter(container.querySelector(`[data-message="${messages[0].id}"]`)!);
    expect(screen.getByRole('tooltip').textContent).toContain('hello');
  });

  it('zooms in with +, back out with fit, and starts another connection from its whole life', async () => {
    const { data } = await decodeFixture('04_fragments_ping_pong_close_codes.pcap');
    const conn = data.firstInteresting()!;
    const ids = data.messagesByConnection.get(conn.id)!;
    const timeline = (connection: typeof conn) => timelineOf(data, connection, ids);
    const view = render(timeline(conn));
    const marks = () => view.container.querySelectorAll('[data-message]').length;
    const all = marks();
    fireEvent.click(screen.getByLabelText('zoom in'));
    fireEvent.click(screen.getByLabelText('zoom in'));
    const zoomed = marks();
    expect(zoomed).toBeLessThan(all);
    // the same connection, grown (a new snapshot): the zoom stays
    view.rerender(timeline({ ...conn, lastTime: conn.lastTime + 1 }));
    expect(marks()).toBe(zoomed);
    fireEvent.click(screen.getByText('fit'));
    expect(marks()).toBe(all);
    fireEvent.click(screen.getByLabelText('zoom in'));
    fireEvent.click(screen.getByLabelText('zoom in'));
    view.rerender(timeline({ ...conn, id: conn.id + 1000 }));
    expect(marks()).toBe(all);
  });
});
