// A progress bar on stderr for captures that take more than a second to read.
//
// Only when stderr is a terminal (never in pipes, logs or CI), only after the first second
// (short files never flash a bar), redrawn at most ten times a second. Before anything is
// written to a terminal stdout the bar is erased (`hide`) and drawn again after (`show`), so
// table rows and the bar do not overwrite each other.

import type { WriteStream } from 'node:tty';

const DELAY_MS = 1000;
const REDRAW_MS = 100;
const BAR_WIDTH = 30;

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private visible = false;
  private done = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream | WriteStream,
    private readonly total: number,
    private readonly label: string,
    enabled = true,
  ) {
    this.enabled = enabled && Boolean(stream.isTTY) && total > 0;
  }

  update(done: number): void {
    this.done = done;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < DELAY_MS || now - this.lastDraw < REDRAW_MS) return;
    this.draw(now);
  }

  /** Erases the bar (before other output reaches the terminal). */
  hide(): void {
    if (this.visible) {
      this.stream.write('\r\x1b[K');
      this.visible = false;
    }
  }

  /** Draws the bar again if it was showing. */
  show(): void {
    if (this.enabled && this.lastDraw > 0) this.draw(Date.now());
  }

  finish(): void {
    this.hide();
    this.lastDraw = 0;
  }

  private draw(now: number): void {
    this.lastDraw = now;
    const fraction = Math.min(1, this.done / this.total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const mib = (n: number): string => (n / 1048576).toFixed(1);
    const columns = (this.stream as WriteStream).columns ?? 80;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0)}% ${mib(this.done)}/${mib(this.total)} MiB`;
    this.stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.visible = true;
  }
}
