import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes, cloneParams } from "../model/params";
import { fusedMeanError } from "../model/fused";
import { Rng, streamSeed } from "../random/prng";
import { type GradientMethod, type Stepper } from "./method";

export interface TrainOptions {
  epochs: number;
  /** Learning rate η. */
  lr: number;
  /** Samples per update: 1 = per-sample SGD as in the assignment (default); ≥ N = full batch. */
  batchSize?: number;
  /** Reshuffle the training rows every epoch (default true); off = rows in file order. */
  shuffle?: boolean;
  /** Seed of the shuffling stream (default 0). */
  seed?: number;
  /** Called after each epoch, epoch 0 included: for progress bars and live plots. */
  onEpoch?: (record: EpochRecord) => void;
  /**
   * Keep the history in the result (default true). Off for runs of millions of epochs: `onEpoch` sees
   * every record, and the CLI stores them in typed arrays (cli/run-history.ts) at 24 bytes an epoch.
   */
  keepHistory?: boolean;
  /**
   * Stop as soon as a weight's magnitude exceeds this (see HUGE_WEIGHT) or the largest initial one, whichever
   * is larger; a non-finite error always stops. Default: no limit, so a notebook's learning-rate sweep runs
   * every epoch it asked for.
   */
  hugeWeight?: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean per-sample E over the training set, with the weights at the end of the epoch. */
  trainError: number;
  /** The same over the test set; null when there is no test set. */
  testError: number | null;
  /** Wall-clock seconds spent in this epoch's updates (error evaluation excluded); 0 for epoch 0. */
  seconds: number;
}

export interface TrainResult {
  method: string;
  params: Params;
  history: EpochRecord[];
}

/**
 * A weight this large means the updates have blown up. Inputs and hidden outputs lie in [0, 1], so a
 * pre-activation is a sum of a few weights; beyond about ±37 the sigmoid is exactly 0 or 1 in double
 * precision and its derivative exactly 0, so no update can bring such a unit back. A trained 3-2-3
 * network's weights are of order 1 to 100; 10⁶ leaves room for any sensible run and still stops a
 * runaway one hundreds of orders of magnitude before overflow.
 */
export const HUGE_WEIGHT = 1e6;

/**
 * Training stopped because an error became NaN or infinite, or a weight passed `hugeWeight`; `history` holds
 * every epoch until then (when kept), `params` the weights then, `reason` what happened. When that happens
 * at epoch 0 nothing has been trained yet, so the learning rate cannot be the cause and the message points
 * at the data and the initial weights instead.
 */
export class TrainingDivergedError extends Error {
  constructor(
    readonly history: EpochRecord[],
    readonly params: Params,
    readonly reason: string,
    atStart: boolean,
  ) {
    super(reason + (atStart ? ": check the data and the initial weights" : " (try a smaller learning rate)"));
    this.name = "TrainingDivergedError";
  }
}

/**
 * Trains with `method` from `init` (left unchanged). Epoch 0 records the errors before any update.
 * Every method sees the same sample order for the same seed, so their histories are comparable
 * update by update. Throws TrainingDivergedError when an error becomes non-finite or a weight passes
 * `hugeWeight`.
 */
export function train(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: TrainOptions,
): TrainResult {
  requireInputs(init, trainX, testX);
  const { n } = paramSizes(init);
  const { epochs, lr } = options;
  if (!Number.isSafeInteger(epochs) || epochs < 0) {
    throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  }
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (trainX.rows === 0) throw new Error("the training set is empty");
  if (trainX.cols !== n)
    throw new Error(`the training data has ${trainX.cols} columns but the network has ${n} inputs`);
  if (testX && testX.cols !== n)
    throw new Error(`the test data has ${testX.cols} columns but the network has ${n} inputs`);
  const hasTest = testX !== null && testX.rows > 0;
  // Weights from --init may start beyond the limit; only growth past them counts then.
  const hugeWeight = Math.max(options.hugeWeight ?? Infinity, largestWeight(init));

  const shuffle = options.shuffle ?? true;
  const rng = new Rng(streamSeed(options.seed ?? 0, "shuffle"));
  const order = new Uint32Array(trainX.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;

  const history: EpochRecord[] = [];
  const stepper = method.start(init, trainX);
  try {
    // Records epoch `epoch`; returns why training must stop, or null.
    const record = (epoch: number, seconds: number): string | null => {
      const p = stepper.params();
      const trainError = fusedMeanError(p, trainX);
      const testError = hasTest && testX ? fusedMeanError(p, testX) : null;
      const rec = { epoch, trainError, testError, seconds };
      if (options.keepHistory ?? true) history.push(rec);
      options.onEpoch?.(rec);
      if (!Number.isFinite(trainError) || (testError !== null && !Number.isFinite(testError))) {
        const errors = `train error ${trainError}, test error ${testError}`;
        return epoch === 0
          ? `the initial error is not finite (${errors})`
          : `training diverged at epoch ${epoch}: ${errors}`;
      }
      const w = largestWeight(p);
      if (!(w <= hugeWeight)) {
        return `training diverged at epoch ${epoch}: a weight reached ${w.toPrecision(3)}, beyond ±${hugeWeight}`;
      }
      return null;
    };

    let epoch = 0;
    let stopped = record(0, 0);
    while (epoch < epochs && stopped === null) {
      epoch++;
      if (shuffle) rng.shuffle(order);
      // The global performance, not node:perf_hooks: the trainer also runs in a report page's Web Worker.
      const t0 = performance.now();
      runEpoch(stepper, order, batchSize, lr);
      stopped = record(epoch, (performance.now() - t0) / 1000);
    }
    const params = cloneParams(stepper.params());
    if (stopped !== null) throw new TrainingDivergedError(history, params, stopped, epoch === 0);
    return { method: method.name, params, history };
  } finally {
    stepper.dispose();
  }
}

/** Library callers get a sentence naming the argument, not a TypeError from deep inside. */
function requireInputs(init: Params, trainX: Matrix, testX: Matrix | null): void {
  const isMatrix = (m: unknown): boolean =>
    typeof m === "object" && m !== null && "data" in m && m.data instanceof Float64Array;
  const given = (v: unknown): string => (v === null ? "null" : typeof v);
  for (const key of ["W1", "B1", "W2", "B2"] as const) {
    if (typeof init !== "object" || init === null || !isMatrix(init[key])) {
      throw new TypeError(`train: init must be the initial weights {W1, B1, W2, B2}, got ${given(init)}`);
    }
  }
  if (!isMatrix(trainX)) throw new TypeError(`train: trainX must be a Matrix of training rows, got ${given(trainX)}`);
  if (testX !== null && !isMatrix(testX)) {
    throw new TypeError(`train: testX must be a Matrix of test rows or null, got ${given(testX)}`);
  }
}

/**
 * One pass over `order`, an update per batch. A function of its own so that V8 optimises this loop, where a
 * run spends its time, apart from train, whose closures differ from one run to the next.
 */
function runEpoch(stepper: Stepper, order: Uint32Array, batchSize: number, lr: number): void {
  for (let start = 0; start < order.length; start += batchSize) {
    stepper.step(order, start, Math.min(start + batchSize, order.length), lr);
  }
}

/** The largest |weight| or |bias|; NaN when any is NaN. */
export function largestWeight(p: Params): number {
  let m = 0;
  for (const a of [p.W1.data, p.B1.data, p.W2.data, p.B2.data]) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      if (!(v <= m)) m = v; // NaN wins, so it is never hidden by a later finite value
      if (Number.isNaN(m)) return NaN;
    }
  }
  return m;
}
