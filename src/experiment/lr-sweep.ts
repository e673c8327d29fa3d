import { type Params, cloneParams } from "../model/params";
import { autogradMethod } from "../autograd/method";
import { backpropMethod } from "../train/backprop";
import { train } from "../train/trainer";
import { type Mechanism, type RunPair, type TrainingSetup, runCounter } from "./mechanism";
import { initForSeed } from "./runs";
import { type Separation, separation } from "./separation";
import { formatShortest } from "../format/number";
import { meanSd } from "./stats";

/*
 * Why the learning rate matters to a comparison of two methods that are identical by construction: backprop
 * and autograd compute the same gradients, but wherever the two programs order an operation differently (for
 * instance adding a bias before or after a dot product) their weights can differ in the last bit. With a small
 * learning rate SGD contracts such differences and the curves stay together to ~1e-16. With a large one,
 * per-sample SGD is chaotic: nearby weight vectors are pushed apart every epoch, and a one-bit difference
 * grows exponentially until the two runs are as different as two seeds. The sweep measures both regimes, and
 * the same sweep with one initial weight moved by a relative 1e-12 (backprop against itself) shows that any
 * tiny difference, not the method, is amplified. (A one-ulp move is too small for that control: at a large
 * learning rate the first update rounds it away.)
 */

export interface LrSweepRow {
  lr: number;
  /** Backprop against autograd, same weights and order: one per seed. */
  paired: Separation[];
  /** Backprop against backprop started from the same weights with W1[0,0] × (1 + NUDGE). */
  nudged: Separation[];
  /** Backprop's final training error over the seeds. */
  finalTrain: { mean: number; sd: number };
  /** The backprop/autograd pairs, for counting the observations in this regime. */
  pairs: RunPair[];
}

/** The relative change of one initial weight in the control runs: about 5,000 float64 rounding steps, invisible on any plot. */
export const NUDGE = 1e-12;

/** The initial weights with W1[0,0] multiplied by 1 + NUDGE. */
export function nudged(p: Params): Params {
  const q = cloneParams(p);
  q.W1.data[0] *= 1 + NUDGE;
  return q;
}

export function learningRateSweep(setup: Omit<TrainingSetup, "lr">, lrs: readonly number[]): LrSweepRow[] {
  if (lrs.length === 0) throw new Error("learningRateSweep: no learning rates");
  const tick = runCounter(setup, 3 * lrs.length * setup.seeds.length);
  return lrs.map((lr) => {
    const paired: Separation[] = [];
    const nudgedSeps: Separation[] = [];
    const pairs: RunPair[] = [];
    const finals: number[] = [];
    for (const s of setup.seeds) {
      const init = initForSeed(s, setup.trainX.cols, setup.hidden, setup.initScheme);
      const options = { epochs: setup.epochs, lr, batchSize: setup.batchSize, seed: s };
      const bp = tick(train(backpropMethod, init, setup.trainX, setup.testX, options));
      const ag = tick(train(autogradMethod, init, setup.trainX, setup.testX, options));
      const control = tick(train(backpropMethod, nudged(init), setup.trainX, setup.testX, options));
      paired.push(separation(bp.history, ag.history));
      nudgedSeps.push(separation(bp.history, control.history));
      pairs.push({ backprop: bp, autograd: ag });
      finals.push(bp.history[setup.epochs].trainError);
    }
    return { lr, paired, nudged: nudgedSeps, finalTrain: meanSd(finals), pairs };
  });
}

/** The paired backprop/autograd runs of one sweep row as a mechanism: rounding amplified by the learning rate. */
export function chaoticMechanism(row: LrSweepRow): Mechanism {
  return {
    name: `rounding at η = ${formatShortest(row.lr)}`,
    differs: `nothing but rounding: same weights, same sample order, backprop against autograd, at learning rate ${formatShortest(row.lr)}`,
    pairs: row.pairs,
  };
}
