// The timeline's keyboard (it has focus: Tab reaches it):
//   ← / →        previous / next message (the window follows it)
//   Home / End   first / last message
//   Shift+← / →  pan by a tenth of the window
//   + / −        zoom in / out around the centre (or the selected message)
//   0            fit the whole connection
//   Enter        open the selected message's payload
// Pure: what a key does, given the message ids in order and the selection; the component acts.

export type TimelineAction =
  | { kind: 'select'; index: number }
  | { kind: 'pan'; fraction: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'open' };

export const TIMELINE_KEYS_HELP =
  '← → previous/next message, Home/End first/last, Shift+← → pan, + − zoom, 0 fit, Enter open';

export function timelineKey(key: string, shift: boolean, selected: number, count: number): TimelineAction | null {
  switch (key) {
    case 'ArrowLeft':
      if (shift) return { kind: 'pan', fraction: -0.1 };
      return count === 0 ? null : { kind: 'select', index: Math.max(0, selected < 0 ? 0 : selected - 1) };
    case 'ArrowRight':
      if (shift) return { kind: 'pan', fraction: 0.1 };
      return count === 0 ? null : { kind: 'select', index: Math.min(count - 1, selected + 1) };
    case 'Home':
      return count === 0 ? null : { kind: 'select', index: 0 };
    case 'End':
      return count === 0 ? null : { kind: 'select', index: count - 1 };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 0.5 };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 2 };
    case '0':
      return { kind: 'fit' };
    case 'Enter':
      return selected < 0 ? null : { kind: 'open' };
    default:
      return null;
  }
}
