// The explanation panel: what the selected field, finding or header means, on screen (a class
// cannot see a hover tooltip). It sits under the detail tabs; selecting a field in the bit
// diagram or the field list, a finding, or a handshake header fills it; empty, it takes no room.
// Polite live region: a screen reader reads the new explanation after the selection.

import { useController } from '../model/context.js';
import { useAppState } from '../model/store.js';
import { explanationOf } from './explain.js';

export function ExplainPanel() {
  const controller = useController();
  const target = useAppState((s) => s.explain);
  return (
    // Focusable: a long explanation scrolls, and the keyboard must be able to scroll it.
    <section
      className={target == null ? 'explain empty' : 'explain'}
      aria-label="Explanation"
      aria-live="polite"
      data-testid="explain-panel"
      tabIndex={target == null ? -1 : 0}
    >
      {target == null ? null : <Body target={target} onClose={() => controller.explain(null)} />}
    </section>
  );
}

function Body({ target, onClose }: { target: Parameters<typeof explanationOf>[0]; onClose: () => void }) {
  const e = explanationOf(target);
  return (
    <>
      <div className="explain-head">
        <strong data-testid="explain-title">{e.title}</strong>
        {e.rfc ? <span className="muted">{e.rfc}</span> : null}
        <span className="spacer" />
        <button type="button" className="link" onClick={onClose} aria-label="close the explanation">
          ×
        </button>
      </div>
      <div className="explain-value mono">
        <bdi>{e.value}</bdi>
      </div>
      {e.texts.map((t) => (
        <p key={t.key} data-key={t.key}>
          {t.text}
        </p>
      ))}
    </>
  );
}
