// The display-filter bar: the CLI's -Y language over everything decoded. Red with the CLI's own
// message when the text does not parse; completion of field names and values at the caret
// (↑/↓ to choose, Tab or Enter to take); Enter applies; Esc closes the list, then clears; ▾ opens
// the history. It drives the frames table, the connections list and (through
// useDisplayFilter) any other view.

import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { CaptureData } from '../../model/capture-data.js';
import { useController } from '../../model/context.js';
import { formatCount } from '../../model/labels.js';
import { useAppState } from '../../model/store.js';
import { type Completion, completionAt } from './completion.js';
import { startDeepLinks } from './deep-link.js';
import { filterStore } from './filter-store.js';
import { useFilterState } from './use-display-filter.js';

type ListMode = { kind: 'completion'; completion: Completion } | { kind: 'history' } | null;

/** `compact`: inside the frames pane's toolbar (no label, no counts; the problem drops below). */
export function FilterBar({ compact = false }: { compact?: boolean }) {
  const controller = useController();
  const capture = useAppState((s) => s.capture);
  const dataVersion = useAppState((s) => s.dataVersion);
  const data = useAppState((s) => s.data);
  const loading = useAppState((s) => s.loading);
  const text = useFilterState((s) => s.text);
  const problem = useFilterState((s) => s.problem);
  const applied = useFilterState((s) => s.applied);
  const result = useFilterState((s) => s.result);
  const running = useFilterState((s) => s.running);
  const history = useFilterState((s) => s.history);
  const [list, setList] = useState<ListMode>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  // The open capture's worker runs the filter; re-run as rows arrive.
  useEffect(() => {
    filterStore.attach(capture ? (source) => controller.decoder?.filter(source) ?? Promise.resolve(null) : null);
  }, [capture, controller]);
  // Only when batches brought rows, or loading ended: a version is also published when preview
  // texts or summary ranks came, at every scroll step of a big table, and re-running the filter
  // then (over a million frames, or over every payload in the file) changed nothing.
  const ranFor = useRef<{ data: CaptureData | null; batches: number; loading: boolean }>({
    data: null,
    batches: -1,
    loading,
  });
  useEffect(() => {
    const last = ranFor.current;
    if (dataVersion === 0 || (last.data === data && last.batches === data.batches && last.loading === loading)) return;
    ranFor.current = { data, batches: data.batches, loading };
    filterStore.dataChanged(!loading);
  }, [dataVersion, loading, data]);
  // The URL's hash names connection, frame, field and filter (deep-link.ts).
  useEffect(() => startDeepLinks(controller), [controller]);
  // Ctrl/Cmd+/ focuses the bar (Ctrl+F is the quick search).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === '/') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const items = list?.kind === 'completion' ? list.completion.items : list?.kind === 'history' ? history : [];
  const open = items.length > 0;

  const suggest = (value: string, caret: number) => {
    const completion = completionAt(value, caret);
    setList(completion.items.length > 0 ? { kind: 'completion', completion } : null);
    setActive(0);
  };

  const take = (item: string) => {
    if (list?.kind === 'history') {
      filterStore.type(item);
      setList(null);
      void filterStore.apply(item);
      return;
    }
    if (list?.kind !== 'completion') return;
    const { from, to } = list.completion;
    const value = `${text.slice(0, from)}${item} ${text.slice(to).trimStart()}`;
    const caret = from + item.length + 1;
    filterStore.type(value);
    // After React has put the value in: unless more was typed meanwhile (a frame can be late on a
    // busy machine, and moving the caret back then sent the next keys to the wrong place).
    requestAnimationFrame(() => {
      const el = input.current;
      if (!el || el.value !== value) return;
      el.setSelectionRange(caret, caret);
      suggest(value, caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setList(text === '' && history.length > 0 ? { kind: 'history' } : list);
      else setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if ((e.key === 'Tab' || e.key === 'Enter') && open && list?.kind === 'completion' && text.trim() !== '') {
      // Enter on a finished filter applies it; on a word being typed it takes the suggestion.
      const word = text.slice(list.completion.from, list.completion.to);
      if (e.key === 'Enter' && items[active] === word) {
        setList(null);
        void filterStore.apply();
        return;
      }
      e.preventDefault();
      take(items[active]);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && list?.kind === 'history') take(items[active]);
      else {
        setList(null);
        void filterStore.apply();
      }
    } else if (e.key === 'Escape') {
      if (open) setList(null);
      else filterStore.clear();
    }
  };

  const status = problem
    ? null
    : running
      ? 'filtering…'
      : applied && result && !result.error
        ? `${formatCount(result.frameIds.length)} frames · ${formatCount(result.messageIds.length)} messages · ${formatCount(result.connectionIds.length)} connections (${result.ms.toFixed(0)} ms)`
        : null;

  return (
    <div
      className={`filter-bar${compact ? ' compact' : ''}${problem ? ' invalid' : applied && text.trim() === applied ? ' applied' : ''}`}
    >
      <label htmlFor={`${listId}-input`} className={compact ? 'visually-hidden' : 'filter-label'}>
        Display filter
      </label>
      <div className="filter-field">
        <input
          id={`${listId}-input`}
          ref={input}
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder={
            compact
              ? 'Filter: websocket.opcode == text && tcp.port == 8080'
              : 'websocket.opcode == text && tcp.port == 8080   (Enter applies; Ctrl+/ focuses)'
          }
          aria-label="Display filter"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${listId}-problem` : undefined}
          role="combobox"
          aria-expanded={open}
          aria-controls={`${listId}-list`}
          aria-autocomplete="list"
          onChange={(e) => {
            filterStore.type(e.target.value);
            suggest(e.target.value, e.target.selectionStart ?? e.target.value.length);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setList(null), 150)}
          data-testid="filter-input"
        />
        {open ? (
          <div className="filter-list" id={`${listId}-list`} role="listbox" data-testid="filter-list">
            {items.map((item, i) => (
              // The input keeps the focus (combobox): its ↑/↓/Enter are the keyboard path.
              <div
                key={item}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => take(item)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') take(item);
                }}
              >
                {item}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <button
        type="button"
        title="Filter history"
        aria-label="Filter history"
        disabled={history.length === 0}
        onClick={() => {
          setList(list?.kind === 'history' ? null : { kind: 'history' });
          setActive(0);
          input.current?.focus();
        }}
      >
        ▾
      </button>
      {compact ? null : (
        <button type="button" onClick={() => void filterStore.apply()} disabled={problem != null}>
          Apply
        </button>
      )}
      {applied ? (
        <button
          type="button"
          onClick={() => filterStore.clear()}
          title="Clear the filter"
          aria-label="Clear the filter"
        >
          ×
        </button>
      ) : null}
      {problem && !(compact && open) ? (
        <span className="filter-problem" id={`${listId}-problem`} role="alert" data-testid="filter-problem">
          {problem.message}
        </span>
      ) : status && !compact ? (
        <span className="muted" data-testid="filter-status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
