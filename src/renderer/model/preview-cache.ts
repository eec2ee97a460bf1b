// Preview texts of rows the worker sent without one (worker/engine.ts EAGER_PREVIEWS): a big
// capture's rows arrive as numbers only, and the texts of the rows a view shows are asked for
// when the view first reads them (FrameColumns.row, MessageColumns.row).
//
// Why: a string per row for 1.3 million frames and 1.2 million messages took ~500 MB of the page's
// heap; a view shows a hundred rows at a time.
//
// Rules
// - text(id) answers what is cached, else '' and marks the id wanted (once: not while asked);
//   `onWant` is called so the controller asks the worker for every wanted id at once.
// - A row updated by a later batch (a compressed frame learns its text) is forgotten; an answer
//   already on its way for it is then dropped, and the next read asks again.
// - At most `limit` texts are kept, the oldest let go first: views re-read what they show.

export class PreviewCache {
  private readonly texts = new Map<number, string>();
  private wanted = new Set<number>();
  private readonly asked = new Set<number>();
  private readonly stale = new Set<number>();
  /** Called when an id becomes wanted (the controller schedules one request for all of them). */
  onWant: (() => void) | null = null;

  constructor(private readonly limit = 20_000) {}

  text(id: number): string {
    const cached = this.texts.get(id);
    if (cached !== undefined) return cached;
    if (!this.asked.has(id) && !this.wanted.has(id)) {
      this.wanted.add(id);
      this.onWant?.();
    }
    return '';
  }

  /** The ids wanted since the last call, now counted as asked. */
  takeWanted(): number[] {
    const ids = [...this.wanted];
    this.wanted = new Set();
    for (const id of ids) this.asked.add(id);
    return ids;
  }

  /** The answer for `ids` (texts[i] for ids[i]); an id forgotten meanwhile is left out. */
  put(ids: readonly number[], texts: readonly string[]): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      this.asked.delete(id);
      if (this.stale.delete(id)) continue;
      this.texts.set(id, texts[i] ?? '');
    }
    for (const id of this.texts.keys()) {
      if (this.texts.size <= this.limit) break;
      this.texts.delete(id);
    }
  }

  /** The request for `ids` failed or the worker went: they may be asked again. */
  drop(ids: readonly number[]): void {
    for (const id of ids) {
      this.asked.delete(id);
      this.stale.delete(id);
    }
  }

  /** Row `id` changed: its text is asked again when next read. */
  forget(id: number): void {
    this.texts.delete(id);
    if (this.asked.has(id)) this.stale.add(id);
  }
}
