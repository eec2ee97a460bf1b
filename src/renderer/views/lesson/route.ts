// Where the lesson is, kept in the URL so a teacher can bookmark and share a step:
//   ?lesson                 the lesson on the selected connection, step 1
//   ?lesson=3&step=4        connection #3, step 4 (1-based, as the counter shows it)
//   ?sandbox=accept|builder|quiz   a sandbox on its own (quiz needs a capture)
// Other parameters (lang, …) are kept as they are. A tiny external store: views subscribe with
// useLessonRoute; changes use history.replaceState (stepping through a lesson should not fill
// the back button's history).

import { useSyncExternalStore } from 'react';

export const SANDBOXES = ['accept', 'builder', 'quiz'] as const;
export type SandboxId = (typeof SANDBOXES)[number];

export type LessonRoute =
  | { kind: 'lesson'; connectionId: number | null; step: number }
  | { kind: 'sandbox'; which: SandboxId; from: { connectionId: number | null; step: number } | null }
  | null;

export function parseRoute(search: string): LessonRoute {
  const p = new URLSearchParams(search);
  const sandbox = p.get('sandbox');
  if (sandbox && (SANDBOXES as readonly string[]).includes(sandbox)) {
    return { kind: 'sandbox', which: sandbox as SandboxId, from: null };
  }
  if (!p.has('lesson')) return null;
  const id = Number(p.get('lesson'));
  const step = Number(p.get('step'));
  return {
    kind: 'lesson',
    connectionId: p.get('lesson') !== '' && Number.isInteger(id) && id > 0 ? id : null,
    step: Number.isInteger(step) && step >= 1 ? step : 1,
  };
}

export function routeSearch(search: string, route: LessonRoute): string {
  const p = new URLSearchParams(search);
  p.delete('lesson');
  p.delete('step');
  p.delete('sandbox');
  if (route?.kind === 'lesson') {
    p.set('lesson', route.connectionId == null ? '' : String(route.connectionId));
    p.set('step', String(route.step));
  } else if (route?.kind === 'sandbox') {
    p.set('sandbox', route.which);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

let route: LessonRoute = parseRoute(globalThis.location?.search ?? '');
const listeners = new Set<() => void>();

export function getRoute(): LessonRoute {
  return route;
}

export function setRoute(next: LessonRoute): void {
  route = next;
  try {
    const search = routeSearch(location.search, next);
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  } catch {
    // no history (tests): the store still changes
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLessonRoute(): LessonRoute {
  return useSyncExternalStore(subscribe, getRoute, getRoute);
}
