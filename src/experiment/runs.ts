import { type Matrix } from "../linalg/matrix";
import { initParams, type InitScheme, type Params } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { type GradientMethod } from "../train/method";
import { train, type TrainResult } from "../train/trainer";

export interface ExperimentOptions {
  methods: readonly GradientMethod[];
  /** One run per seed and method; a seed fixes the initial weights and the sample order. */
  seeds: readonly number[];
  trainX: Matrix;
  testX: Matrix | null;
  hidden: number;
  epochs: number;
  lr: number;
  batchSize?: number;
  shuffle?: boolean;
  initScheme?: InitScheme;
}

/** The runs of one method, in the order of `seeds`. */
export interface MethodRuns {
  method: string;
  seeds: number[];
  runs: TrainResult[];
}

/** The initial weights a seed stands for: the CLI's `train --seed S` starts from the same ones. */
export function initForSeed(seed: number, n: number, hidden: number, scheme?: InitScheme): Params {
  return initParams(n, hidden, new Rng(streamSeed(seed, "init")), { scheme });
}

/**
 * Trains every method once per seed. For a given seed all methods start from the same weights and see
 * the samples in the same order, so any difference between their curves is the method's own doing.
 */
export function runExperiment(o: ExperimentOptions): MethodRuns[] {
  return o.methods.map((method) => ({
    method: method.name,
    seeds: [...o.seeds],
    runs: o.seeds.map((seed) =>
      train(method, initForSeed(seed, o.trainX.cols, o.hidden, o.initScheme), o.trainX, o.testX, {
        epochs: o.epochs,
        lr: o.lr,
        batchSize: o.batchSize,
        shuffle: o.shuffle,
        seed,
      }),
    ),
  }));
}
