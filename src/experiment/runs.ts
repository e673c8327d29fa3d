import { type Matrix } from "../linalg/matrix";
import { initParams, type InitScheme, type Params } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { type GradientMethod } from "../train/method";
import { train, type TrainResult } from "../train/trainer";
import { type RunPair } from "./paired-runs";

/** The data, the network and the training settings shared by every experiment that trains over seeds. */
export interface SeededRuns {
  trainX: Matrix;
  testX: Matrix | null;
  hidden: number;
  epochs: number;
  lr: number;
  batchSize?: number;
  initScheme?: InitScheme;
  /** A seed fixes a run's initial weights and sample order. */
  seeds: readonly number[];
}

export interface ExperimentOptions extends SeededRuns {
  /** One run per seed and method. */
  methods: readonly GradientMethod[];
  shuffle?: boolean;
}

/** The runs of one method, in the order of `seeds`. */
export interface MethodRuns {
  method: string;
  seeds: number[];
  /** The initial weights of each seed's run (the same for every method). */
  inits: Params[];
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
  const inits = o.seeds.map((seed) => initForSeed(seed, o.trainX.cols, o.hidden, o.initScheme));
  return o.methods.map((method) => ({
    method: method.name,
    seeds: [...o.seeds],
    inits,
    runs: o.seeds.map((seed, i) =>
      train(method, inits[i], o.trainX, o.testX, {
        epochs: o.epochs,
        lr: o.lr,
        batchSize: o.batchSize,
        shuffle: o.shuffle,
        seed,
      }),
    ),
  }));
}

/** The paired runs of two methods from one runExperiment: pair i is both methods on seed i. */
export function pairsOf(reference: MethodRuns, variant: MethodRuns): RunPair[] {
  if (reference.seeds.join() !== variant.seeds.join())
    throw new Error(`${reference.method} and ${variant.method} runs must use the same seeds`);
  return reference.runs.map((run, i) => ({ reference: run, variant: variant.runs[i] }));
}
