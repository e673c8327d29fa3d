/**
 * Live training output: while a training cell runs, a progress line (epoch, errors, time) and the error
 * curves so far, updated a few times a second; when it ends, the finished error curves in their place.
 * Pass `onEpoch` to train() and call finish() after it:
 *
 *   const live = trainingProgress({ label: "backprop", epochs: epochs, title: "…" });
 *   const run = train(method, init, train, test, { …, onEpoch: live.onEpoch });
 *   live.finish();
 */
import { performance } from "node:perf_hooks";
import { formatCount, formatNumber, formatSeconds } from "../format/number";
import { errorCurves } from "../plot/curves";
import { type EpochRecord } from "../train/trainer";
import { type LiveDisplay, newLiveDisplay } from "./display";

export interface TrainingProgressOptions {
  /** The run's name in the progress line and the legend, e.g. "backprop". */
  label: string;
  /** The number of epochs train() will run, for "epoch 120 of 300". */
  epochs: number;
  /** The title of the figure that replaces the progress line. */
  title: string;
  /** Least time between two progress updates (default 0.5 s): often enough to watch, rarely enough to cost little. */
  intervalSeconds?: number;
}

export interface TrainingProgress {
  onEpoch: (record: EpochRecord) => void;
  /**
   * Replaces the progress line with the error curves of every epoch recorded. (It returns nothing, so a
   * cell ending with it prints nothing more.)
   */
  finish(): void;
  /** The records received so far. */
  readonly history: readonly EpochRecord[];
}

/** "backprop: epoch 120 of 300 · training error 0.0123 · test error 0.0150 · 1.2 s" */
export function progressLine(label: string, record: EpochRecord, epochs: number, elapsedSeconds: number): string {
  const parts = [
    `${label}: epoch ${formatCount(record.epoch)} of ${formatCount(epochs)}`,
    `training error ${formatNumber(record.trainError)}`,
    ...(record.testError === null ? [] : [`test error ${formatNumber(record.testError)}`]),
    formatSeconds(elapsedSeconds),
  ];
  return parts.join(" · ");
}

export function trainingProgress(
  options: TrainingProgressOptions,
  display: LiveDisplay = newLiveDisplay(),
  now: () => number = () => performance.now() / 1000,
): TrainingProgress {
  const interval = options.intervalSeconds ?? 0.5;
  const history: EpochRecord[] = [];
  const start = now();
  let lastShown = -Infinity;
  const onEpoch = (record: EpochRecord): void => {
    history.push(record);
    const t = now();
    // Epoch 0 at once (so the line is there from the start), then at most one update per interval, with
    // the curves so far.
    if (record.epoch === 0 || t - lastShown >= interval) {
      lastShown = t;
      const line = progressLine(options.label, record, options.epochs, t - start);
      display.progress(line, record.epoch === 0 ? undefined : curves());
    }
  };
  const curves = () => errorCurves([{ label: options.label, history }], { title: options.title });
  const finish = (): void => {
    if (history.length === 0) throw new Error(`trainingProgress "${options.title}": no epoch was recorded`);
    display.figure(curves());
  };
  return { onEpoch, finish, history };
}
