/** A single self-overwriting progress line on a terminal's stderr, shown only when the run takes a while. */
export class ProgressLine {
  private readonly startedAt = Date.now();
  private lastDrawn = 0;
  private shown = false;

  constructor(private readonly write: (text: string) => void) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.startedAt < 1000 || now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    this.shown = true;
    this.write(`\r\u001b[2Kobslint: ${done}/${total} files`);
  }

  clear(): void {
    if (this.shown) this.write('\r\u001b[2K');
  }
}
