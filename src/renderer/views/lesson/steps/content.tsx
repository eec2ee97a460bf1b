// One step's content from the lesson's data: which step function draws which step id.

import type { ReactNode } from 'react';
import type { LessonData } from '../lesson-data.js';
import type { StepId } from '../steps.js';
import { compressionStep, fragmentsStep, frameStep, maskingStep } from './frame-steps.js';
import { acceptStep, requestStep, responseStep, tcpStep } from './handshake-steps.js';
import { closeStep, findingsStep, lifecycleStep, pingStep } from './life-steps.js';
import type { StepContent } from './types.js';

export function contentOf(id: StepId, d: LessonData, sub: number, timeline: ReactNode): StepContent {
  const c = d.connection;
  switch (id) {
    case 'tcp':
      return tcpStep(c);
    case 'request':
      return requestStep(c, sub);
    case 'accept':
      return acceptStep(c);
    case 'response':
      return responseStep(c, sub);
    case 'frame':
      return frameStep(d.firstFrame!, d.firstMessage, sub);
    case 'masking':
      return maskingStep(d.maskedFrame!, sub);
    case 'fragments':
      return fragmentsStep(d.fragmented!);
    case 'compression':
      return compressionStep(d.compressed!);
    case 'ping':
      return pingStep(d);
    case 'close':
      return closeStep(d);
    case 'lifecycle':
      return lifecycleStep(d, sub, timeline);
    case 'findings':
      return findingsStep(d, sub);
  }
}
