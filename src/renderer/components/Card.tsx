// Shared primitives: Card (titled box), Pill (small coloured label), Placeholder.

import type { ReactNode } from 'react';

export function Card({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      <h3>
        {title}
        {extra ? <span className="spacer" /> : null}
        {extra}
      </h3>
      <div className="body">{children}</div>
    </section>
  );
}

export type PillTone = 'ok' | 'error' | 'warning' | 'note' | 'plain';

export function Pill({ tone = 'plain', title, children }: { tone?: PillTone; title?: string; children: ReactNode }) {
  return (
    <span className={`pill ${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Placeholder({ children }: { children: ReactNode }) {
  return <div className="placeholder">{children}</div>;
}
