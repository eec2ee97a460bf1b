// The messages pane (container): the selected connection's messages, or the search results of
// every connection, read from the store and handed to MessagesTable as plain props. And the
// switch between the frames and the messages list, which both panes show in their toolbar.

import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { FindingCode } from '../../../decoder/index.js';
import type { CaptureData } from '../../model/capture-data.js';
import { useController } from '../../model/context.js';
import { HeldIdsCache } from '../../model/held-ids.js';
import { IdList } from '../../model/message-columns.js';
import { parseSearchQuery } from '../../model/search-query.js';
import { useAppState } from '../../model/store.js';
import { useCaptureData } from '../../model/use-capture-data.js';
import { FindingCodesCache } from './finding-codes.js';
import { type MessageSet, MessagesTable } from './MessagesTable.js';

const EMPTY = new IdList();
const NO_CODES: readonly FindingCode[] = [];

/** Frames | Messages: which list the pane shows (a tab pair, reachable by Tab and arrows). */
export function ListViewSwitch() {
  const controller = useController();
  const view = useAppState((s) => s.listView);
  const pick = (v: 'frames' | 'messages') => () => controller.setListView(v);
  return (
    <div className="list-switch" role="tablist" aria-label="List">
      {(['frames', 'messages'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          data-list={v}
          onClick={pick(v)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              const other = v === 'frames' ? 'messages' : 'frames';
              controller.setListView(other);
              (e.currentTarget.parentElement?.querySelector(`[data-list=${other}]`) as HTMLElement | null)?.focus();
            }
          }}
          title={v === 'frames' ? 'frames as on the wire' : 'messages as the application received them'}
        >
          {v === 'frames' ? 'Frames' : 'Messages'}
        </button>
      ))}
    </div>
  );
}

export function MessagesPane() {
  const controller = useController();
  // deferred: another connection's rows are drawn in a transition (App.tsx FramesPane says why)
  const connectionId = useDeferredValue(useAppState((s) => s.selectedConnectionId));
  const selectedMessageId = useAppState((s) => s.selectedMessageId);
  const timeMode = useAppState((s) => s.timeMode);
  const fontSize = useAppState((s) => s.fontSize);
  const search = useAppState((s) => s.searchResult);
  const typed = useAppState((s) => s.searchQuery);
  const found = typed.trim() !== '' ? search : null;
  const query = useMemo(() => {
    if (!found || found.error) return null;
    const parsed = parseSearchQuery(found.query);
    return parsed.ok ? parsed.query : null;
  }, [found]);
  const [heldIds] = useState(() => new HeldIdsCache());
  const [findingCodes] = useState(() => new FindingCodesCache());
  const { rows, origin, byMessage } = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        let ids = connectionId == null ? EMPTY : (d.messagesByConnection.get(connectionId) ?? EMPTY);
        // made again only when they can change (held-ids.ts says why)
        if (found) ids = heldIds.of(d.messages, found.messageIds).ids;
        const byMessage = findingCodes.of(d.findings);
        const rows: MessageSet = { messages: d.messages, ids };
        return { rows, origin: Number.isFinite(d.origin) ? d.origin : 0, byMessage };
      },
      [connectionId, found, heldIds, findingCodes],
    ),
  );
  const findingsOf = useCallback((id: number) => byMessage.get(id) ?? NO_CODES, [byMessage]);
  return (
    <section className="frames" aria-label="Messages">
      <div className="frames-toolbar">
        <ListViewSwitch />
        {found ? (
          <span data-testid="search-summary">
            {found.error ? (
              <span className="warn-dot">{found.error}</span>
            ) : (
              <>
                “{found.query}”: {found.messageIds.length} messages
              </>
            )}{' '}
            <button type="button" className="link" onClick={() => controller.search('')}>
              clear
            </button>
          </span>
        ) : connectionId != null ? (
          <span className="muted">connection #{connectionId}</span>
        ) : null}
      </div>
      <div />
      <MessagesTable
        rows={rows}
        selectedId={selectedMessageId}
        onSelect={(id) => controller.selectMessage(id)}
        onOpen={(id) => controller.selectMessage(id, 'payload')}
        timeMode={timeMode}
        origin={origin}
        showConnection={found != null}
        findingsOf={findingsOf}
        query={query}
        rowHeight={Math.round(fontSize * 1.6)}
        emptyText={
          found
            ? found.error
              ? 'Fix the regular expression to search.'
              : `No message contains “${found.query}”.`
            : 'No WebSocket messages on this connection.'
        }
      />
    </section>
  );
}
