import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type TrainResult, train } from "../train/trainer";
import { type SeededRuns, initForSeed } from "./runs";
import { median } from "./stats";

/**
 * Two runs a student could have plotted as "backprop" and "autograd". A mechanism is a way the two runs
 * can differ (the initial weights, the sample order, the loss scaling, the precision, …); each pair
 * differs in that one thing only, so what separates its curves is that mechanism's doing.
 */
export interface RunPair {
  backprop: TrainResult;
  autograd: TrainResult;
}

export interface Mechanism {
  /** Short name for tables, figures and "runs that differ only in …", e.g. "initial weights". */
  name: string;
  /** What differs between the two runs of a pair, as a phrase: "the initial weights (seeds s and s + 1000)". */
  differs: string;
  pairs: RunPair[];
}

/** The size of a mechanism's effect at one epoch, over its pairs. */
export interface EffectAt {
  epoch: number;
  /** Median over pairs of |E_backprop − E_autograd| (training error). */
  medianAbs: number;
  /** Median over pairs of that difference as a fraction of the pair's mean training error. */
  medianRel: number;
  /** The same two for the test error (null without a test set). */
  medianAbsTest: number | null;
  medianRelTest: number | null;
}

/** How far apart a mechanism's pairs are at each of the given epochs. */
export function effectSizes(m: Mechanism, epochs: readonly number[]): EffectAt[] {
  if (m.pairs.length === 0) throw new Error(`mechanism "${m.name}" has no pairs`);
  return epochs.map((epoch) => {
    const at = (r: TrainResult): { train: number; test: number | null } => {
      const rec = r.history[epoch];
      if (!rec) throw new Error(`mechanism "${m.name}": no epoch ${epoch} in a run of ${r.history.length - 1} epochs`);
      return { train: rec.trainError, test: rec.testError };
    };
    const abs: number[] = [];
    const rel: number[] = [];
    const absT: number[] = [];
    const relT: number[] = [];
    for (const p of m.pairs) {
      const a = at(p.backprop);
      const b = at(p.autograd);
      abs.push(Math.abs(a.train - b.train));
      rel.push(Math.abs(a.train - b.train) / ((a.train + b.train) / 2));
      if (a.test !== null && b.test !== null) {
        absT.push(Math.abs(a.test - b.test));
        relT.push(Math.abs(a.test - b.test) / ((a.test + b.test) / 2));
      }
    }
    return {
      epoch,
      medianAbs: median(abs),
      medianRel: median(rel),
      medianAbsTest: absT.length ? median(absT) : null,
      medianRelTest: relT.length ? median(relT) : null,
    };
  });
}

/** What every mechanism experiment trains: the data, the network, and one pair of runs per seed. */
export interface TrainingSetup extends SeededRuns {
  // One pair of runs per seed; seed s fixes the first run's initial weights and sample order.
  /** Called after each training run with the runs done and the runs in all: for a progress line in a notebook. */
  onRun?: (done: number, total: number) => void;
}

/**
 * A counter for TrainingSetup.onRun: wrap each of the `total` training runs in the returned function,
 * `tick(train(…))`, and it reports the run as done and hands the result through.
 */
export function runCounter(
  setup: { onRun?: (done: number, total: number) => void },
  total: number,
): <T>(result: T) => T {
  let done = 0;
  return (result) => {
    setup.onRun?.(++done, total);
    return result;
  };
}

/**
 * For each seed of the setup, float64 backprop against `method`, both from the seed's initial weights and in
 * its sample order: pairs that differ in the method only. Reports each run through setup.onRun.
 */
export function againstBackprop(setup: TrainingSetup, method: GradientMethod): RunPair[] {
  const tick = runCounter(setup, 2 * setup.seeds.length);
  return setup.seeds.map((s) => {
    const init = initForSeed(s, setup.trainX.cols, setup.hidden, setup.initScheme);
    const options = { epochs: setup.epochs, lr: setup.lr, batchSize: setup.batchSize, seed: s };
    return {
      backprop: tick(train(backpropMethod, init, setup.trainX, setup.testX, options)),
      autograd: tick(train(method, init, setup.trainX, setup.testX, options)),
    };
  });
}

/** The last epoch of a mechanism's runs (all its runs have the same length). */
export function lastEpoch(m: Mechanism): number {
  return m.pairs[0].backprop.history.length - 1;
}

/** A mechanism's effect sizes as table rows, one per epoch. */
export function effectTableRows(m: Mechanism, sizes: readonly EffectAt[]): Record<string, string | number | null>[] {
  return sizes.map((s) => ({
    "what differs": m.name,
    epoch: s.epoch,
    "median |Δ train|": s.medianAbs,
    "as fraction of error": s.medianRel,
    "median |Δ test|": s.medianAbsTest,
    pairs: m.pairs.length,
  }));
}
