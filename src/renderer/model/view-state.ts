// Small view-state types shared by the store, the controller and the views: which pane is
// maximised, and what the explanation panel is explaining.

import type { FieldKey, FindingCode } from '../../decoder/index.js';

/** The workspace's panes (layout/Workspace.tsx), each one can be shown alone. */
export type PaneId = 'connections' | 'timeline' | 'list' | 'detail';

export const PANE_LABEL: Readonly<Record<PaneId, string>> = {
  connections: 'Connections',
  timeline: 'Timeline',
  list: 'Frames and messages',
  detail: 'Details',
};

/** Something selected on screen whose meaning the explanation panel shows. */
export type ExplainTarget =
  | { kind: 'field'; key: FieldKey; display: string }
  | { kind: 'finding'; code: FindingCode; message: string }
  | { kind: 'header'; name: string; value: string };

/** Same target (so re-selecting it does not re-render the panel). */
export function sameTarget(a: ExplainTarget | null, b: ExplainTarget | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'field' && b.kind === 'field') return a.key === b.key && a.display === b.display;
  if (a.kind === 'finding' && b.kind === 'finding') return a.code === b.code && a.message === b.message;
  if (a.kind === 'header' && b.kind === 'header') return a.name === b.name && a.value === b.value;
  return false;
}
