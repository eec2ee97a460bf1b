// The timeline's keyboard (views/timeline/timeline-keys.ts): what each key does.

import { describe, expect, it } from 'vitest';
import { timelineKey } from '../../../src/renderer/views/timeline/timeline-keys.js';

describe('timeline keys', () => {
  it('moves between messages, clamped at both ends', () => {
    expect(timelineKey('ArrowRight', false, 2, 5)).toEqual({ kind: 'select', index: 3 });
    expect(timelineKey('ArrowRight', false, 4, 5)).toEqual({ kind: 'select', index: 4 });
    expect(timelineKey('ArrowLeft', false, 0, 5)).toEqual({ kind: 'select', index: 0 });
    expect(timelineKey('ArrowRight', false, -1, 5)).toEqual({ kind: 'select', index: 0 });
    expect(timelineKey('End', false, 0, 5)).toEqual({ kind: 'select', index: 4 });
    expect(timelineKey('ArrowRight', false, -1, 0)).toBeNull();
  });

  it('pans with Shift, zooms with + and −, fits with 0, opens with Enter', () => {
    expect(timelineKey('ArrowLeft', true, 2, 5)).toEqual({ kind: 'pan', fraction: -0.1 });
    expect(timelineKey('+', false, 2, 5)).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(timelineKey('-', false, 2, 5)).toEqual({ kind: 'zoom', factor: 2 });
    expect(timelineKey('0', false, 2, 5)).toEqual({ kind: 'fit' });
    expect(timelineKey('Enter', false, 2, 5)).toEqual({ kind: 'open' });
    expect(timelineKey('Enter', false, -1, 5)).toBeNull();
    expect(timelineKey('x', false, 2, 5)).toBeNull();
  });
});
