// The frames grid's keyboard: ↑/↓ move, PgUp/PgDn jump a page, Home/End, Enter opens the frame.

/**
 * What key `key` does with display row `selected` selected (-1: none) among `count` rows: the
 * row to select, 'open' (Enter), or null for keys the grid leaves alone. Nothing to do without
 * rows; with none selected, ↓ selects the first.
 */
export function gridKey(key: string, selected: number, count: number, page: number): number | 'open' | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.max(0, Math.min(count - 1, selected + 1));
    case 'ArrowUp':
      return Math.max(0, selected - 1);
    case 'PageDown':
      return Math.max(0, Math.min(count - 1, selected + page));
    case 'PageUp':
      return Math.max(0, selected - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'Enter':
      return 'open';
    default:
      return null;
  }
}
