/**
 * A progress bar on stderr that appears only for work lasting more than a second, so quick
 * commands stay quiet and scripts reading stdout are never disturbed.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private shown = false;
  private lastDraw = 0;
  private lastLabel = '';

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly delayMs = 1000,
  ) {}

  update(label: string, fraction: number | null): void {
    const now = Date.now();
    // Redraws are throttled, but a new phase always shows at once.
    if (now - this.started < this.delayMs) return;
    if (label === this.lastLabel && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.lastLabel = label;
    this.shown = true;
    const width = 30;
    const bar =
      fraction === null
        ? '·'.repeat(width)
        : '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
    const pct = fraction === null ? '' : ` ${Math.round(fraction * 100)}%`;
    const seconds = ((now - this.started) / 1000).toFixed(0);
    const line = `${label.padEnd(11)} ${bar}${pct} ${seconds}s`;
    if (this.stream.isTTY) this.stream.write(`\r${line}`);
    else this.stream.write(`${line}\n`);
  }

  done(): void {
    if (this.shown && this.stream.isTTY) this.stream.write('\n');
  }
}
