import { type Matrix } from "../linalg/matrix";
import { type Params } from "../model/params";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type TrainOptions, type TrainResult, train } from "../train/trainer";
import { type SeededRuns, initForSeed } from "./runs";

/*
 * The one loop behind every comparison of Question 4: for each seed, a reference run and a variant run that
 * differ in one declared thing (the method, the learning rate, the batch size, the initial weights, the sample
 * order, the data split, a slip in the backward pass, …). Everything an arm does not declare is the setup's.
 */

/** Two runs that differ in one thing. `reference` plays the role the assignment calls "backprop", `variant` "autograd". */
export interface RunPair {
  reference: TrainResult;
  variant: TrainResult;
}

/** The data, the network and the training settings of a set of pairs, one pair per seed. */
export interface PairSetup extends SeededRuns {
  /** Called after each training run with the runs done and the runs in all: for a progress line in a notebook. */
  onRun?: (done: number, total: number) => void;
}

/** How one side of a pair is trained; every field left out is the setup's (seed s for weights and order). */
export interface Arm {
  method?: GradientMethod;
  lr?: number;
  batchSize?: number;
  /** The seed whose initial weights the run starts from, given the pair's seed. */
  initSeed?: (seed: number) => number;
  /** The seed of the run's sample order, given the pair's seed. */
  orderSeed?: (seed: number) => number;
  /** Changes the initial weights before training (e.g. one weight nudged). */
  start?: (init: Params) => Params;
  /** Other training and test rows for this run (e.g. another split). */
  data?: (seed: number) => { train: Matrix; test: Matrix | null };
  /** Trains the run itself instead of `train` (e.g. to log the error another way). */
  run?: (method: GradientMethod, init: Params, trainX: Matrix, testX: Matrix | null, o: TrainOptions) => TrainResult;
}

/** Runs one arm for one seed. */
export function runArm(setup: PairSetup, arm: Arm, seed: number): TrainResult {
  const data = arm.data?.(seed) ?? { train: setup.trainX, test: setup.testX };
  const init = initForSeed(arm.initSeed?.(seed) ?? seed, data.train.cols, setup.hidden, setup.initScheme);
  const options: TrainOptions = {
    epochs: setup.epochs,
    lr: arm.lr ?? setup.lr,
    batchSize: arm.batchSize ?? setup.batchSize,
    seed: arm.orderSeed?.(seed) ?? seed,
  };
  const method = arm.method ?? backpropMethod;
  const start = arm.start ? arm.start(init) : init;
  return (arm.run ?? train)(method, start, data.train, data.test, options);
}

/**
 * For each seed of the setup, the reference arm and the variant arm. The reference may be given as runs already
 * made (one per seed, in order), so that several variants share one set of reference runs.
 */
export function pairedRuns(setup: PairSetup, reference: Arm | readonly TrainResult[], variant: Arm): RunPair[] {
  const given = Array.isArray(reference) ? (reference as readonly TrainResult[]) : null;
  if (given && given.length !== setup.seeds.length)
    throw new Error(`pairedRuns: ${given.length} reference runs for ${setup.seeds.length} seeds`);
  const total = (given ? 1 : 2) * setup.seeds.length;
  let done = 0;
  const tick = (r: TrainResult): TrainResult => {
    setup.onRun?.(++done, total);
    return r;
  };
  return setup.seeds.map((s, i) => ({
    reference: given ? given[i] : tick(runArm(setup, reference as Arm, s)),
    variant: tick(runArm(setup, variant, s)),
  }));
}

/** The reference runs of a set of pairs, in seed order. */
export function referenceRuns(pairs: readonly RunPair[]): TrainResult[] {
  return pairs.map((p) => p.reference);
}

/**
 * A copy of the setup whose onRun counts on across several pairedRuns calls, out of `total` runs in all: for an
 * experiment made of several sets of pairs that shows one progress line.
 */
export function countingRuns<S extends { onRun?: (done: number, total: number) => void }>(setup: S, total: number): S {
  let done = 0;
  return { ...setup, onRun: () => setup.onRun?.(++done, total) };
}
