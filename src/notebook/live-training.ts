/**
 * Live training output: while a training cell runs, a progress line (epoch, errors, time) and the error
 * curves so far, updated a few times a second; when it ends, the finished error curves in their place.
 * Pass `onEpoch` to train() and call finish() after it:
 *
 *   const live = trainingProgress({ label: "backprop", epochs: epochs, title: "…" });
 *   const run = train(method, init, train, test, { …, onEpoch: live.onEpoch });
 *   live.finish();
 *
 * or let it call train() and keep the run with the figure, so the report can retrain it in the reader's
 * browser (scripts/report-live.ts):
 *
 *   const run = live.train(method, init, train, test, { … });
 */
import { performance } from "node:perf_hooks";
import { formatCount, formatCountOf, formatNumber, formatSeconds } from "../format/number";
import { type Matrix } from "../linalg/matrix";
import { type Params } from "../model/params";
import { errorCurves } from "../plot/curves";
import { RUN_MIME, embedRun } from "../replay/embedded-run";
import { type GradientMethod } from "../train/method";
import { type EpochRecord, type TrainOptions, type TrainResult, train } from "../train/trainer";
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
   * cell ending with it prints nothing more.) Throws RunDivergedError, after drawing the curves, when the
   * run diverged.
   */
  finish(): void;
  /** The records received so far. */
  readonly history: readonly EpochRecord[];
  /**
   * train() with this progress display, then finish(); the figure's output also carries the run (RUN_MIME:
   * method, initial weights, data, options and errors), which the report turns into a figure the reader can
   * retrain and check. Throws what train() throws, after showing the curves so far.
   */
  train(method: GradientMethod, init: Params, trainX: Matrix, testX: Matrix | null, options: TrainOptions): TrainResult;
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
  const draw = (extra?: Record<string, unknown>): void => {
    if (history.length === 0) throw new Error(`no epoch of "${options.title}" was recorded`);
    display.figure(curves(), extra);
  };
  const finish = (extra?: Record<string, unknown>): void => {
    draw(extra);
    const problem = divergence(history);
    if (problem !== null) throw new RunDivergedError(problem);
  };
  const trainShown: TrainingProgress["train"] = (method, init, trainX, testX, trainOptions) => {
    let result: TrainResult;
    try {
      result = train(method, init, trainX, testX, {
        ...trainOptions,
        onEpoch: (record) => {
          onEpoch(record);
          trainOptions.onEpoch?.(record);
        },
      });
    } catch (e) {
      if (history.length > 0) draw();
      throw e;
    }
    const run = embedRun(
      {
        label: options.label,
        title: options.title,
        method: method.name,
        init,
        train: trainX,
        test: testX,
        options: trainOptions,
      },
      result.history,
    );
    finish(run === null ? undefined : { [RUN_MIME]: run });
    return result;
  };
  return { onEpoch, finish: () => finish(), history, train: trainShown };
}

/**
 * The command line's rule for a run that failed (backprop-lab train): its training error ended non-finite or
 * higher than the initial weights had it. Null for a run that trained.
 */
export function divergence(history: readonly EpochRecord[]): string | null {
  const first = history[0];
  const last = history[history.length - 1];
  if (!Number.isFinite(last.trainError))
    return `training diverged: the training error is ${last.trainError} at epoch ${formatCount(last.epoch)}`;
  if (last.epoch > first.epoch && last.trainError > first.trainError)
    return (
      `training diverged: the training error rose from ${formatNumber(first.trainError)} at epoch ${formatCount(first.epoch)} ` +
      `to ${formatNumber(last.trainError)} at epoch ${formatCount(last.epoch)}`
    );
  return null;
}

/**
 * A run that trained to the end but got worse (divergence above). It has the trainer's error name, so a notebook
 * shows both kinds of divergence alike (error-message.ts); the cell fails, so "Run All" and the report stop
 * there instead of interpreting the run.
 */
export class RunDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/** Progress of an experiment made of many training runs (a sweep, a loop over seeds or splits). */
export interface RunProgress {
  /** The experiments' `onRun(done, total)` callback (see TrainingSetup.onRun). */
  onRun: (done: number, total: number) => void;
  /** Replaces the progress line with a closing one ("… runs in 1.3 s"), if one was shown. */
  finish(): void;
}

/**
 * "learning-rate sweep: run 12 of 40 · 0.8 s", updated at most once per interval while the runs go on. The
 * output appears with the first finished run, so an experiment that reports no runs leaves no trace.
 */
export function runProgress(
  label: string,
  intervalSeconds = 0.5,
  makeDisplay: () => LiveDisplay = newLiveDisplay,
  now: () => number = () => performance.now() / 1000,
): RunProgress {
  const start = now();
  let display: LiveDisplay | null = null;
  let lastShown = -Infinity;
  let runs = 0;
  const onRun = (done: number, total: number): void => {
    runs = done;
    const t = now();
    if (display === null || done === total || t - lastShown >= intervalSeconds) {
      display ??= makeDisplay();
      lastShown = t;
      display.progress(`${label}: run ${formatCount(done)} of ${formatCount(total)} · ${formatSeconds(t - start)}`);
    }
  };
  const finish = (): void => {
    display?.progress(`${label}: ${formatCountOf(runs, "training run")} in ${formatSeconds(now() - start)}`);
  };
  return { onRun, finish };
}
