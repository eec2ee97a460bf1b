// @vitest-environment jsdom
// The messages table and the windowed connections list, rendered from a real capture decoded by
// the worker's engine (04: fragmented messages with an interleaved ping, close codes with UTF-8
// reasons; its intent file is the ground truth quoted below).

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionRecord } from '../../../src/decoder/index.js';
import { parseSearchQuery } from '../../../src/renderer/model/search-query.js';
import { ConnectionsList } from '../../../src/renderer/views/ConnectionsList.js';
import { fragmentText } from '../../../src/renderer/views/messages/MessageFrames.js';
import { MessagesTable, type MessagesTableProps } from '../../../src/renderer/views/messages/MessagesTable.js';
import { type Decoded, decodeFixture } from '../decoded.js';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterEach(cleanup);

describe('messages table', () => {
  let decoded: Decoded;
  beforeAll(async () => {
    decoded = await decodeFixture('04_fragments_ping_pong_close_codes.pcap', 1500);
  });
  const props = (over: Partial<MessagesTableProps> = {}): MessagesTableProps => ({
    rows: { messages: decoded.data.messages, ids: decoded.data.messagesByConnection.get(1)! },
    selectedId: null,
    onSelect: vi.fn(),
    onOpen: vi.fn(),
    timeMode: 'relative',
    origin: 0,
    showConnection: false,
    findingsOf: () => [],
    query: null,
    rowHeight: 22,
    emptyText: 'none',
    ...over,
  });
  const row = (id: number) => document.querySelector(`[data-message="${id}"]`) as HTMLElement;
  const cells = (id: number) => [...row(id).querySelectorAll('[role=gridcell]')].map((c) => c.textContent);

  it('shows a fragmented message once, as received, with its frame count', () => {
    render(<MessagesTable {...props()} />);
    // intent: 'Hello ✓ ünï' sent in 3 fragments, a ping interleaved
    const hello = [...document.querySelectorAll('[data-message]')].find((r) => r.textContent?.includes('Hello ✓ ünï'))!;
    const id = Number(hello.getAttribute('data-message'));
    expect(cells(id)).toContain('3');
    expect(cells(id)).toContain('15 B');
    // the 4000 close of connection 2 is not in connection 1's list; 1001 is, as code and reason
    expect(
      [...document.querySelectorAll('[data-message]')].some((r) =>
        r.textContent?.includes('1001 going away — ünïcödé'),
      ),
    ).toBe(true);
  });

  it('marks a message with findings on its own row, and search matches in its preview', () => {
    const unsolicited = decoded.data.findings.find((f) => f.code === 'pong.unsolicited')!;
    const query = parseSearchQuery('/uns\\w+/');
    render(
      <MessagesTable
        {...props({
          findingsOf: (id) => (id === unsolicited.messageId ? ['pong.unsolicited'] : []),
          query: query.ok ? query.query : null,
        })}
      />,
    );
    const marked = screen.getAllByTestId('message-finding');
    expect(marked).toHaveLength(1);
    expect(marked[0].getAttribute('title')).toBe('pong.unsolicited');
    expect(marked[0].closest('[data-message]')?.getAttribute('data-message')).toBe(String(unsolicited.messageId));
  });

  it('moves the selection with the keyboard and opens with Enter', () => {
    const onSelect = vi.fn();
    const onOpen = vi.fn();
    const ids = decoded.data.messagesByConnection.get(1)!;
    render(<MessagesTable {...props({ selectedId: ids.at(0), onSelect, onOpen })} />);
    const grid = screen.getByRole('grid', { name: 'Messages' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenCalledWith(ids.at(1));
    fireEvent.keyDown(grid, { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith(ids.at(ids.length - 1));
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(ids.at(0));
  });

  it('says which fragment a frame is', () => {
    expect(fragmentText([4, 6, 7], 6, 3)).toBe('fragment 2 of 3 of message #3');
    expect(fragmentText([9], 9, 5)).toBe('the whole of message #5 (one frame)');
    expect(fragmentText([9], 8, 5)).toBeNull();
  });
});

describe('connections list (windowed)', () => {
  it('draws a screenful of 50,000 connections and reaches the last with End', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const base = data.connectionList()[0];
    const many: ConnectionRecord[] = Array.from({ length: 50_000 }, (_, i) => ({ ...base, id: i + 1 }));
    const onSelect = vi.fn();
    render(<ConnectionsList connections={many} selectedId={1} onSelect={onSelect} rowHeight={90} />);
    const drawn = document.querySelectorAll('[data-connection]').length;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'End' });
    expect(onSelect).toHaveBeenCalledWith(50_000);
  });
});
