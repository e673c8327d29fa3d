import { type EpochRecord } from "../train/trainer";

/** The part of a stream the progress bar needs; process.stderr fits. */
export interface ProgressStream {
  columns?: number;
  write(s: string): boolean;
}

/**
 * A one-line progress bar for training, redrawn in place with "\r" on a terminal.
 * It appears only after `delayMs`, so short runs print nothing, is redrawn at most every
 * `intervalMs` (drawing every epoch of a fast run would cost more than the training), and erases
 * itself when done so that the final summary line stands alone.
 */
export class ProgressBar {
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
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
    this.stream.write(`\r${progressLine(rec, this.totalEpochs, (now - this.start) / 1000, width)}\x1b[K`);
  }

  finish(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
  }
}

/** "[#######.............]  350/1000  train 0.01234  test 0.01456  1.2 s", cut to `width` characters. */
export function progressLine(rec: EpochRecord, totalEpochs: number, seconds: number, width: number): string {
  const done = Math.min(1, rec.epoch / totalEpochs);
  const barWidth = 20;
  const filled = Math.round(done * barWidth);
  const bar = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]`;
  const test = rec.testError === null ? "" : `  test ${rec.testError.toPrecision(4)}`;
  const line = `${bar} ${String(rec.epoch).padStart(String(totalEpochs).length)}/${totalEpochs}  train ${rec.trainError.toPrecision(4)}${test}  ${seconds.toFixed(1)} s`;
  return line.slice(0, width);
}
