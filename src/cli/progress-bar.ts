import { type EpochRecord } from "../train/trainer";
import { progressLine } from "../notebook/live-training";

/** The part of a stream the progress bar needs; process.stderr fits. */
export interface ProgressStream {
  columns?: number;
  write(s: string): boolean;
}

/**
 * Training's progress on a terminal: the notebooks' progress line (one wording for both), redrawn in place
 * with "\r". It appears only after `delayMs`, so short runs print nothing, is redrawn at most every
 * `intervalMs` (drawing every epoch of a fast run would cost more than the training), and erases itself
 * when done so that the final summary line stands alone.
 */
export class ProgressBar {
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly method: string,
    private readonly totalEpochs: number,
    private readonly delayMs = 300,
    private readonly intervalMs = 100,
  ) {}

  update(rec: EpochRecord): void {
    const now = Date.now();
    if (now - this.start < this.delayMs || now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.drawn = true;
    // A pseudo-terminal can report 0 columns: treat that as unknown.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const line = progressLine(this.method, rec, this.totalEpochs, (now - this.start) / 1000);
    this.stream.write(`\r${[...line].slice(0, width).join("")}\x1b[K`);
  }

  finish(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
  }
}
