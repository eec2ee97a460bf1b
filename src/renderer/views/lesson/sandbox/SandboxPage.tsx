// A sandbox on a page of its own (?sandbox=accept|builder|quiz), or opened from a lesson step
// (then Esc and "back" return to that step).

import { useEffect } from 'react';
import { t, useLang } from '../../../i18n/index.js';
import { LanguageMenu } from '../LanguageMenu.js';
import { IetfNotice } from '../rfc/RfcQuote.js';
import { SANDBOXES, type SandboxId, setRoute } from '../route.js';
import { AcceptCalculator } from './AcceptCalculator.js';
import { FrameBuilder } from './FrameBuilder.js';
import { Quiz } from './Quiz.js';
import './sandbox.css';

export function SandboxPage({
  which,
  from,
}: {
  which: SandboxId;
  from: { connectionId: number | null; step: number } | null;
}) {
  useLang();
  const back = () => setRoute(from ? { kind: 'lesson', ...from } : null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        back();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <div
      className="lesson sandbox"
      role="dialog"
      aria-modal="true"
      aria-label={t(`sandbox.${which}.title`)}
      data-testid="sandbox"
    >
      <header className="lesson-top">
        <strong className="brand">
          ws<span>scope</span>
        </strong>
        <nav className="sandbox-tabs">
          {SANDBOXES.map((s) => (
            <button
              key={s}
              type="button"
              aria-current={s === which ? 'page' : undefined}
              onClick={() => setRoute({ kind: 'sandbox', which: s, from })}
            >
              {t(`sandbox.${s}.title`)}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <LanguageMenu />
        <button type="button" onClick={back} title="Esc">
          {from ? t('sandbox.back') : t('lesson.exit')}
        </button>
      </header>
      <main className="lesson-body">
        <h1>{t(`sandbox.${which}.title`)}</h1>
        <p className="caption">{t(`sandbox.${which}.caption`)}</p>
        {which === 'accept' ? <AcceptCalculator /> : which === 'builder' ? <FrameBuilder /> : <Quiz />}
      </main>
      <footer className="lesson-foot">
        <span className="spacer" />
        <IetfNotice />
      </footer>
    </div>
  );
}
