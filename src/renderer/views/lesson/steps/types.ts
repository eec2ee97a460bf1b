// What one lesson step puts on screen. Steps are functions of the lesson's data and the
// spotlight index `sub` (steps that walk through parts — header fields, request headers, bytes,
// findings — have `subCount` > 1: Next moves the spotlight before moving to the next step).

import type { ReactNode } from 'react';
import type { QuoteId } from '../rfc/rfc-text.js';
import type { SandboxId } from '../route.js';

export interface StepContent {
  title: string;
  caption: ReactNode;
  visual: ReactNode;
  /** The RFC passages this step (or its current spotlight) teaches. */
  rfc: QuoteId[];
  /** What a page's WebSocket object sees at this point. */
  browser: ReactNode;
  subCount?: number;
  /** The visual needs the whole width (the RFC and browser panels go below it). */
  wide?: boolean;
  /** Sandboxes to try from here. */
  sandboxes?: SandboxId[];
}
