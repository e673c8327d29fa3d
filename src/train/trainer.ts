import { performance } from "node:perf_hooks";
import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes, cloneParams } from "../model/params";
import { meanError } from "../model/forward";
import { Rng, streamSeed } from "../random/prng";
import { type GradientMethod } from "./method";

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
 * Training stopped because an error became NaN or infinite; `history` holds every epoch until then.
 * When that happens at epoch 0 nothing has been trained yet, so the learning rate cannot be the cause and
 * the message points at the data and the initial weights instead; the class stays the same so that
 * callers need only one catch.
 */
export class TrainingDivergedError extends Error {
  constructor(
    readonly history: EpochRecord[],
    readonly params: Params,
  ) {
    const last = history[history.length - 1];
    const errors = `train error ${last.trainError}, test error ${last.testError}`;
    super(
      last.epoch === 0
        ? `the initial error is not finite (${errors}): check the data and the initial weights`
        : `training diverged at epoch ${last.epoch}: ${errors} (try a smaller learning rate)`,
    );
    this.name = "TrainingDivergedError";
  }
}

/**
 * Trains with `method` from `init` (left unchanged). Epoch 0 records the errors before any update.
 * Every method sees the same sample order for the same seed, so their histories are comparable
 * update by update.
 */
export function train(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: TrainOptions,
): TrainResult {
  const { n } = paramSizes(init);
  const { epochs, lr } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (trainX.rows === 0) throw new Error("the training set is empty");
  if (trainX.cols !== n)
    throw new Error(`the training data has ${trainX.cols} columns but the network has ${n} inputs`);
  if (testX && testX.cols !== n)
    throw new Error(`the test data has ${testX.cols} columns but the network has ${n} inputs`);

  const shuffle = options.shuffle ?? true;
  const rng = new Rng(streamSeed(options.seed ?? 0, "shuffle"));
  const order = new Uint32Array(trainX.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;

  const stepper = method.start(init, trainX);
  const history: EpochRecord[] = [];
  const record = (epoch: number, seconds: number): void => {
    const p = stepper.params();
    const rec: EpochRecord = {
      epoch,
      trainError: meanError(p, trainX),
      testError: testX && testX.rows > 0 ? meanError(p, testX) : null,
      seconds,
    };
    history.push(rec);
    options.onEpoch?.(rec);
    if (!Number.isFinite(rec.trainError) || (rec.testError !== null && !Number.isFinite(rec.testError))) {
      const params = cloneParams(p);
      stepper.dispose();
      throw new TrainingDivergedError(history, params);
    }
  };

  try {
    record(0, 0);
    const N = trainX.rows;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (shuffle) rng.shuffle(order);
      const t0 = performance.now();
      for (let start = 0; start < N; start += batchSize) stepper.step(order, start, Math.min(start + batchSize, N), lr);
      record(epoch, (performance.now() - t0) / 1000);
    }
    const result = { method: method.name, params: cloneParams(stepper.params()), history };
    stepper.dispose();
    return result;
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) stepper.dispose();
    throw e;
  }
}
