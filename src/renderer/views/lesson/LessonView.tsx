// Lesson mode: one step of RFC 6455 at a time, full screen, from the selected connection of the
// open capture (views/lesson/steps.ts says which steps and why some are skipped). Reached by the
// top bar's Lesson button, the L key, or ?lesson[=ID][&step=N] (route.ts); sandboxes open from
// their step or on their own (?sandbox=…).
//
// Keys (what presentation clickers send included): → Space PageDown next, ← Backspace PageUp
// previous, Home/End first/last, Esc leaves. Steps with parts (header fields, request headers,
// masked bytes, states, findings) move a spotlight before moving on.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { t, useLang } from '../../i18n/index.js';
import type { CaptureData } from '../../model/capture-data.js';
import { useController } from '../../model/context.js';
import { endpointText } from '../../model/labels.js';
import { useAppState } from '../../model/store.js';
import { useCaptureData } from '../../model/use-capture-data.js';
import { MessageTimeline } from '../timeline/MessageTimeline.js';
import { focusOnMount } from './focus.js';
import { LanguageMenu } from './LanguageMenu.js';
import { type LessonData, loadLesson } from './lesson-data.js';
import { IetfNotice, RfcQuote } from './rfc/RfcQuote.js';
import { getRoute, routeSearch, type SandboxId, setRoute, useLessonRoute } from './route.js';
import { SandboxPage } from './sandbox/SandboxPage.js';
import { contentOf } from './steps/content.js';
import { planSteps, shownSteps, skippedBefore } from './steps.js';
import './lesson.css';
import './lesson-steps.css';

/** Is the key press meant for a form field (the sandboxes' inputs), not for navigation? */
function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return (
    !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
  );
}

/** Mounted once by the App: the L key, and the lesson or a sandbox when the route says so. */
export function LessonRoot() {
  const route = useLessonRoute();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (getRoute() || typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'l' || e.key === 'L') {
        e.preventDefault();
        setRoute({ kind: 'lesson', connectionId: null, step: 1 });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!route) return null;
  if (route.kind === 'sandbox') return <SandboxPage which={route.which} from={route.from} />;
  return <Lesson connectionId={route.connectionId} step={route.step} />;
}

function LessonTimeline({ connectionId }: { connectionId: number }) {
  const controller = useController();
  const shown = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        const connection = d.connections.get(connectionId);
        if (!connection) return null;
        const messageIds = d.messagesByConnection.get(connectionId);
        if (!messageIds) return null;
        return {
          connection,
          connections: [connection],
          findings: d.findingsFor(connectionId),
          rows: { messageIds, frames: d.frames, messages: d.messages },
        };
      },
      [connectionId],
    ),
  );
  if (!shown) return null;
  return (
    <MessageTimeline
      {...shown}
      logicalTime
      selectedMessageId={null}
      onSelectMessage={(id) => controller.selectMessage(id)}
      onSelectConnection={() => undefined}
    />
  );
}

function Lesson({ connectionId, step }: { connectionId: number | null; step: number }) {
  useLang();
  const controller = useController();
  const selected = useAppState((s) => s.selectedConnectionId);
  const loading = useAppState((s) => s.loading);
  const data = useAppState((s) => s.data);
  const id = connectionId ?? selected;
  const [lesson, setLesson] = useState<LessonData | null>(null);
  const [sub, setSub] = useState(0);
  const ready = useCaptureData(useCallback((d: CaptureData) => id != null && d.connections.has(id), [id]));

  // A connection named in the URL becomes the app's selection too (Esc lands on it).
  useEffect(() => {
    if (connectionId != null && ready) controller.selectConnection(connectionId);
  }, [connectionId, controller, ready]);

  // Gather the lesson once the capture is decoded (or as soon as the connection is complete).
  useEffect(() => {
    // Another connection or capture: nothing of the previous lesson stays on screen.
    setLesson((l) => (l && l.connection.id === id && data.connections.get(id) === l.connection ? l : null));
    if (id == null || loading || !ready) return;
    let live = true;
    void loadLesson(controller, data, id).then((l) => {
      if (live) setLesson(l);
    });
    return () => {
      live = false;
    };
  }, [id, loading, ready, data, controller]);

  const plan = useMemo(() => (lesson ? planSteps(lesson) : []), [lesson]);
  const shown = shownSteps(plan);
  const index = Math.max(0, Math.min(step - 1, shown.length - 1));
  const stepId = shown[index];
  const content =
    lesson && stepId ? contentOf(stepId, lesson, sub, <LessonTimeline connectionId={lesson.connection.id} />) : null;
  const subCount = content?.subCount ?? 1;

  // The URL names the connection and the step actually shown, so a copied link opens this screen.
  useEffect(() => {
    if (!lesson || stepId == null) return;
    const want = { kind: 'lesson', connectionId: id, step: index + 1 } as const;
    if (getRoute()?.kind === 'lesson' && routeSearch(location.search, want) !== location.search) setRoute(want);
  }, [lesson, stepId, id, index]);

  const go = useCallback(
    (next: number, atEnd = false) => {
      const n = Math.max(0, Math.min(next, shown.length - 1));
      setSub(atEnd ? Number.MAX_SAFE_INTEGER : 0);
      setRoute({ kind: 'lesson', connectionId: id, step: n + 1 });
    },
    [id, shown.length],
  );
  const next = useCallback(() => {
    if (sub + 1 < subCount) setSub(sub + 1);
    else if (index + 1 < shown.length) go(index + 1);
  }, [sub, subCount, index, shown.length, go]);
  const prev = useCallback(() => {
    if (sub > 0) setSub(Math.min(sub, subCount - 1) - 1);
    else if (index > 0) go(index - 1, true);
  }, [sub, subCount, index, go]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const keys: Record<string, () => void> = {
        ArrowRight: next,
        ArrowDown: next,
        ' ': next,
        PageDown: next,
        ArrowLeft: prev,
        ArrowUp: prev,
        Backspace: prev,
        PageUp: prev,
        Home: () => go(0),
        End: () => go(shown.length - 1),
        Escape: () => setRoute(null),
      };
      const act = keys[e.key];
      if (!act || (e.key === ' ' && e.shiftKey)) return;
      // The lesson covers the app: its keys must not also move the app's selection or timeline.
      e.preventDefault();
      e.stopPropagation();
      act();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [next, prev, go, shown.length]);

  const connection = id != null ? data.connections.get(id) : undefined;
  const trySandbox = (which: SandboxId) =>
    setRoute({ kind: 'sandbox', which, from: { connectionId: id, step: index + 1 } });
  const notes = stepId
    ? [
        ...skippedBefore(plan, index),
        ...(index === shown.length - 1 ? plan.slice(plan.findIndex((s) => s.id === stepId) + 1) : []),
      ]
    : [];
  const spot = Math.min(sub, subCount - 1);

  return (
    <div
      className="lesson"
      role="dialog"
      aria-modal="true"
      aria-label={t('lesson.name')}
      data-testid="lesson"
      tabIndex={-1}
      ref={focusOnMount}
    >
      <header className="lesson-top">
        <strong className="brand">
          ws<span>scope</span>
        </strong>
        <span className="lesson-where">
          {t('lesson.name')}
          {connection
            ? ` · #${connection.id} ${endpointText(connection.client)} → ${endpointText(connection.server)}`
            : ''}
        </span>
        <span className="spacer" />
        <LanguageMenu />
        <button type="button" onClick={() => setRoute(null)} title="Esc">
          {t('lesson.exit')}
        </button>
      </header>
      {lesson && content ? (
        <>
          <nav className="lesson-outline" aria-label={t('lesson.outline')}>
            {plan.map((s) => {
              const k = shown.indexOf(s.id);
              return (
                <button
                  key={s.id}
                  type="button"
                  disabled={k < 0}
                  aria-current={k === index ? 'step' : undefined}
                  title={s.skip ? t(s.skip) : t(`step.${s.id}.title`)}
                  onClick={() => go(k)}
                >
                  {k < 0 ? '–' : k + 1}. {t(`outline.${s.id}`)}
                </button>
              );
            })}
          </nav>
          <main className="lesson-body" data-step={stepId} data-sub={spot}>
            {notes.map((s) => (
              <p key={s.id} className="skip-note" data-testid="skip-note">
                {t('lesson.skipped')}: {s.skip ? t(s.skip) : ''}
              </p>
            ))}
            <h1>{content.title}</h1>
            <p className="caption">{content.caption}</p>
            <div className={`lesson-grid${content.wide ? ' wide' : ''}`}>
              <div className="visual">{content.visual}</div>
              <div className="lesson-side">
                <div>
                  {content.rfc.map((q) => (
                    <RfcQuote key={q} id={q} />
                  ))}
                </div>
                <aside className="browser-says" data-testid="browser-says">
                  <div className="label">{t('lesson.browserSees')}</div>
                  <div>{content.browser}</div>
                  {content.sandboxes?.map((s) => (
                    <button key={s} type="button" className="try" onClick={() => trySandbox(s)}>
                      {t(`sandbox.${s}.open`)}
                    </button>
                  ))}
                </aside>
              </div>
            </div>
          </main>
          <footer className="lesson-foot">
            <button type="button" onClick={prev} disabled={index === 0 && spot === 0} aria-label={t('lesson.prev')}>
              ◀ {t('lesson.prev')}
            </button>
            <span className="counter" data-testid="lesson-counter">
              {index + 1} / {shown.length}
              {subCount > 1 ? (
                <span className="muted">
                  {' '}
                  · {spot + 1}/{subCount}
                </span>
              ) : null}
            </span>
            <button
              type="button"
              onClick={next}
              disabled={index === shown.length - 1 && spot === subCount - 1}
              aria-label={t('lesson.next')}
            >
              {t('lesson.next')} ▶
            </button>
            <span className="muted keys">{t('lesson.keys')}</span>
            <span className="spacer" />
            <IetfNotice />
          </footer>
        </>
      ) : (
        <div className="lesson-wait" data-testid="lesson-wait">
          {id == null ? t('lesson.noConnection') : t('lesson.loading')}
        </div>
      )}
    </div>
  );
}
