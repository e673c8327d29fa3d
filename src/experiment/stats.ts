import { type EpochRecord, type TrainResult } from "../train/trainer";

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

/** The largest |a − b| / b of the training errors over the epochs the two runs share (b is the reference). */
export function maxRelativeTrainDifference(a: TrainResult, reference: TrainResult): number {
  const n = Math.min(a.history.length, reference.history.length);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const ref = reference.history[i].trainError;
    max = Math.max(max, Math.abs(a.history[i].trainError - ref) / Math.abs(ref));
  }
  return max;
}

/** What a notebook reports about one run: first and last errors, the best test epoch, total training time. */
export interface HistorySummary {
  first: EpochRecord;
  last: EpochRecord;
  /** The epoch with the lowest test error (the lowest training error when there is no test set). */
  best: EpochRecord;
  trainingSeconds: number;
}

export function summarizeHistory(history: readonly EpochRecord[]): HistorySummary {
  if (history.length === 0) throw new Error("summarizeHistory: empty history");
  const score = (r: EpochRecord): number => r.testError ?? r.trainError;
  return {
    first: history[0],
    last: history[history.length - 1],
    best: history.reduce((b, r) => (score(r) < score(b) ? r : b)),
    trainingSeconds: history.reduce((s, r) => s + r.seconds, 0),
  };
}

/** Mean and standard deviation over seeds of each method's train and test error at the given epochs. */
export function seedSummaryRows(
  experiment: readonly { method: string; runs: readonly TrainResult[] }[],
  epochs: readonly number[],
): Record<string, string | number>[] {
  return epochs.flatMap((e) =>
    experiment.map((m) => {
      const train = meanSd(errorsAt(m.runs, e, "trainError"));
      const test = meanSd(errorsAt(m.runs, e, "testError"));
      return {
        epoch: e,
        method: m.method,
        "train mean": train.mean,
        "train sd over seeds": train.sd,
        "test mean": test.mean,
        "test sd over seeds": test.sd,
      };
    }),
  );
}

/** The median (the mean of the two middle values for an even count); throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
