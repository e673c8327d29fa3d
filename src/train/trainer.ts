import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes, cloneParams } from "../model/params";
import { meanError } from "../model/forward";
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
 * A training history in typed arrays: 24 bytes an epoch (16 without a test set) instead of an object,
 * so a run of 10⁷ epochs fits in 240 MB. Allocated once for the whole run.
 */
export class TrainHistory {
  readonly trainError: Float64Array;
  /** Null when there is no test set. */
  readonly testError: Float64Array | null;
  readonly seconds: Float64Array;
  private count = 0;

  constructor(capacity: number, hasTest: boolean) {
    this.trainError = new Float64Array(capacity);
    this.testError = hasTest ? new Float64Array(capacity) : null;
    this.seconds = new Float64Array(capacity);
  }

  /** Epochs recorded so far, epoch 0 included. */
  get length(): number {
    return this.count;
  }

  push(trainError: number, testError: number | null, seconds: number): void {
    const i = this.count++;
    this.trainError[i] = trainError;
    if (this.testError !== null) this.testError[i] = testError ?? NaN;
    this.seconds[i] = seconds;
  }

  /** Epoch i as a record. */
  at(i: number): EpochRecord {
    if (!(i >= 0 && i < this.count)) throw new Error(`no epoch ${i} in a history of ${this.count} entries`);
    return {
      epoch: i,
      trainError: this.trainError[i],
      testError: this.testError === null ? null : this.testError[i],
      seconds: this.seconds[i],
    };
  }

  toRecords(): EpochRecord[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }
}

/** How a run ended: complete, or stopped early because an error went non-finite or a weight blew up. */
export interface CompactTrainResult {
  method: string;
  params: Params;
  history: TrainHistory;
  /** Why training stopped before the last epoch, or null when it ran them all. */
  stopped: string | null;
}

/**
 * Training stopped because an error became NaN or infinite, or a weight passed `hugeWeight`; `history` holds
 * every epoch until then, and the message is trainCompact's reason with a hint.
 * When that happens at epoch 0 nothing has been trained yet, so the learning rate cannot be the cause and
 * the message points at the data and the initial weights instead; the class stays the same so that
 * callers need only one catch.
 */
export class TrainingDivergedError extends Error {
  constructor(
    readonly history: EpochRecord[],
    readonly params: Params,
    /** Why trainCompact stopped, as it says in `stopped`. */
    reason: string,
  ) {
    const atStart = history[history.length - 1].epoch === 0;
    super(reason + (atStart ? ": check the data and the initial weights" : " (try a smaller learning rate)"));
    this.name = "TrainingDivergedError";
  }
}

/**
 * Trains with `method` from `init` (left unchanged). Epoch 0 records the errors before any update.
 * Every method sees the same sample order for the same seed, so their histories are comparable
 * update by update. Throws TrainingDivergedError when an error becomes non-finite.
 */
export function train(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: TrainOptions,
): TrainResult {
  const result = trainCompact(method, init, trainX, testX, options);
  const history = result.history.toRecords();
  if (result.stopped !== null) throw new TrainingDivergedError(history, result.params, result.stopped);
  return { method: result.method, params: result.params, history };
}

/**
 * The training loop behind `train`, for long runs: the history is a TrainHistory, and a run that goes
 * non-finite (or past `hugeWeight`) stops and says why in `stopped` instead of throwing.
 */
export function trainCompact(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: TrainOptions,
): CompactTrainResult {
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

  const history = new TrainHistory(epochs + 1, hasTest);
  const stepper = method.start(init, trainX);
  try {
    // Records epoch `epoch`; returns why training must stop, or null.
    const record = (epoch: number, seconds: number): string | null => {
      const p = stepper.params();
      const trainError = meanError(p, trainX);
      const testError = hasTest && testX ? meanError(p, testX) : null;
      history.push(trainError, testError, seconds);
      options.onEpoch?.({ epoch, trainError, testError, seconds });
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

    let stopped = record(0, 0);
    for (let epoch = 1; epoch <= epochs && stopped === null; epoch++) {
      if (shuffle) rng.shuffle(order);
      // The global performance, not node:perf_hooks: the trainer also runs in a report page's Web Worker.
      const t0 = performance.now();
      runEpoch(stepper, order, batchSize, lr);
      stopped = record(epoch, (performance.now() - t0) / 1000);
    }
    return { method: method.name, params: cloneParams(stepper.params()), history, stopped };
  } finally {
    stepper.dispose();
  }
}

/**
 * One pass over `order`, an update per batch. A function of its own so that V8 optimises this loop, where a
 * run spends its time, apart from trainCompact, whose closures differ from one run to the next.
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
