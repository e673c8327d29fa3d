import { type TrainResult } from "../train/trainer";

export type ErrorKind = "trainError" | "testError";

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** The error of each run at `epoch` (throws if a run has no test set and the test error is asked for). */
export function errorsAt(runs: readonly TrainResult[], epoch: number, kind: ErrorKind): number[] {
  return runs.map((r) => {
    const rec = r.history[epoch];
    if (!rec) throw new Error(`no epoch ${epoch} in a history of ${r.history.length - 1} epochs`);
    const v = rec[kind];
    if (v === null) throw new Error(`run of ${r.method} has no test set`);
    return v;
  });
}

/** The largest |a − b| between two runs' errors (train and test) over all their epochs. */
export function maxCurveDifference(a: TrainResult, b: TrainResult): number {
  if (a.history.length !== b.history.length) throw new Error("the two runs have different numbers of epochs");
  let max = 0;
  a.history.forEach((ra, i) => {
    const rb = b.history[i];
    max = Math.max(max, Math.abs(ra.trainError - rb.trainError));
    if (ra.testError !== null && rb.testError !== null) max = Math.max(max, Math.abs(ra.testError - rb.testError));
  });
  return max;
}

/** The median of the per-epoch training seconds (epoch 0, which trains nothing, left out). */
export function medianEpochSeconds(run: TrainResult): number {
  const s = run.history
    .slice(1)
    .map((r) => r.seconds)
    .sort((x, y) => x - y);
  if (s.length === 0) throw new Error("the run has no training epochs");
  return s[Math.floor(s.length / 2)];
}
