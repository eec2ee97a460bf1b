// The lesson's steps, in the order the protocol happens, and which ones this connection can
// illustrate. A step it cannot is left out of the numbered sequence and keeps a one-line note
// (shown in the outline and on the next step), so "4 / 9" counts only what is on screen.

import type { Finding } from '../../../decoder/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { LessonData } from './lesson-data.js';

export const STEP_IDS = [
  'tcp',
  'request',
  'accept',
  'response',
  'frame',
  'masking',
  'fragments',
  'compression',
  'ping',
  'close',
  'lifecycle',
  'findings',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export interface StepPlan {
  id: StepId;
  /** Why it is skipped (a dictionary key), or null when it is shown. */
  skip: MessageKey | null;
}

function skipOf(id: StepId, d: LessonData): MessageKey | null {
  const c = d.connection;
  const hs = c.handshake;
  switch (id) {
    case 'tcp':
      return c.synSeen ? null : 'skip.tcp';
    case 'request':
      return hs?.request ? null : 'skip.request';
    case 'accept':
      return hs?.accept.key ? null : 'skip.accept';
    case 'response':
      return hs?.response ? null : 'skip.response';
    case 'frame':
      // a frame cut before its second byte has no header fields to spotlight
      return d.firstFrame && d.firstFrame.fields.length > 0 ? null : 'skip.frame';
    case 'masking':
      return d.maskedFrame ? null : 'skip.masking';
    case 'fragments':
      return d.fragmented ? null : 'skip.fragments';
    case 'compression':
      return d.compressed ? null : 'skip.compression';
    case 'ping':
      return d.pingPong ? null : 'skip.ping';
    case 'close':
      return d.closes.length > 0 ? null : 'skip.close';
    case 'lifecycle':
      return c.lifecycle.length > 0 ? null : 'skip.lifecycle';
    case 'findings':
      return d.findings.length > 0 ? null : 'skip.findings';
  }
}

export function planSteps(d: LessonData): StepPlan[] {
  return STEP_IDS.map((id) => ({ id, skip: skipOf(id, d) }));
}

/** The steps shown, in order. */
export function shownSteps(plan: StepPlan[]): StepId[] {
  return plan.filter((s) => s.skip == null).map((s) => s.id);
}

/** The steps skipped between the shown step `index` and the one before it (their notes). */
export function skippedBefore(plan: StepPlan[], index: number): StepPlan[] {
  const shown = shownSteps(plan);
  const here = plan.findIndex((s) => s.id === shown[index]);
  const prev = index > 0 ? plan.findIndex((s) => s.id === shown[index - 1]) : -1;
  return plan.slice(prev + 1, here).filter((s) => s.skip != null);
}

/** The connection's findings grouped by code, in order of first appearance. */
export function findingGroups(findings: Finding[]): { code: Finding['code']; items: Finding[] }[] {
  const groups = new Map<Finding['code'], Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.code);
    if (list) list.push(f);
    else groups.set(f.code, [f]);
  }
  return [...groups].map(([code, items]) => ({ code, items }));
}
