import { type Params, cloneParams } from "../model/params";
import { autogradMethod } from "../train/autograd";
import { backpropMethod } from "../train/backprop";
import { type TrainResult, train } from "../train/trainer";
import { type Mechanism, type RunPair, type TrainingSetup, runCounter } from "./mechanism";
import { initForSeed } from "./runs";
import { type Separation, separation } from "./separation";
import { formatCount, formatNumber, formatPercent, formatShortest } from "../format/number";
import { span } from "./claims";
import { VISIBLE_MARGIN } from "./observations";
import { meanSd, median } from "./stats";

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
  /**
   * Over the second half of the run, the median |Δ|/error of the training errors: between the paired runs
   * (backprop against autograd), and between backprop runs of neighbouring seeds (the seed-to-seed spread at this
   * rate; null with a single seed). Comparable numbers: both are medians of the same statistic over the same epochs.
   */
  lateRel: { paired: number; seeds: number | null };
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
    return { lr, paired, nudged: nudgedSeps, finalTrain: meanSd(finals), pairs, lateRel: lateDifferences(pairs) };
  });
}

/** See LrSweepRow.lateRel. */
export function lateDifferences(pairs: readonly RunPair[]): { paired: number; seeds: number | null } {
  const last = pairs[0].backprop.history.length - 1;
  const from = Math.ceil(last / 2);
  const rel = (a: TrainResult, b: TrainResult): number[] => {
    const out: number[] = [];
    for (let e = from; e <= last; e++) {
      const x = a.history[e].trainError;
      const y = b.history[e].trainError;
      out.push(Math.abs(x - y) / ((x + y) / 2));
    }
    return out;
  };
  const paired = median(pairs.flatMap((p) => rel(p.backprop, p.autograd)));
  const seeds = pairs.length > 1 ? median(pairs.slice(1).flatMap((p, i) => rel(pairs[i].backprop, p.backprop))) : null;
  return { paired, seeds };
}

/** The paired backprop/autograd runs of one sweep row as a mechanism: rounding amplified by the learning rate. */
export function chaoticMechanism(row: LrSweepRow): Mechanism {
  return {
    name: `rounding at η = ${formatShortest(row.lr)}`,
    differs: `nothing but rounding: same weights, same sample order, backprop against autograd, at learning rate ${formatShortest(row.lr)}`,
    pairs: row.pairs,
  };
}

/** One row per learning rate, for a table: how the paired runs and the nudged control separate. */
export function sweepTableRows(rows: readonly LrSweepRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    η: r.lr,
    "final train error (mean)": r.finalTrain.mean,
    "sd over seeds": r.finalTrain.sd,
    "paired: first bit differs at epoch": epochSpan(r.paired.map((s) => s.firstEpoch)),
    [`paired: visible (≥ ${formatPercent(VISIBLE_MARGIN, 0)}) from epoch`]: epochSpan(
      r.paired.map((s) => s.visibleEpoch),
    ),
    "paired: largest |Δ|/error": Math.max(...r.paired.map((s) => s.maxRel)),
    "control (nudged): largest |Δ|/error": Math.max(...r.nudged.map((s) => s.maxRel)),
  }));
}

/** "3–11", "1", or "never" when no seed reached that point. */
function epochSpan(epochs: readonly (number | null)[]): string {
  const reached = epochs.filter((e): e is number => e !== null);
  return reached.length ? span(reached, formatCount) : "never";
}

/** What the sweep shows, in sentences chosen by its numbers. */
export function describeSweep(rows: readonly LrSweepRow[]): string {
  const wild = rows.filter((r) => r.paired.some((s) => s.kind === "grown"));
  const calm = rows.filter((r) => !wild.includes(r));
  const calmText = calm.length
    ? `At η = ${calm.map((r) => formatShortest(r.lr)).join(", ")} the paired runs stay within ` +
      `${formatNumber(Math.max(...calm.flatMap((r) => r.paired.map((s) => s.maxRel))), 2)} of the error: the training keeps the ` +
      "rounding from growing."
    : "";
  const wildText = wild.map((r) => {
    const amplified = r.paired.filter((s) => s.kind === "grown");
    const perDecade = amplified.map((s) => s.epochsPerDecade).filter((x): x is number => x !== null);
    const { paired: late, seeds: seedLate } = r.lateRel;
    const nudgedAmplified = r.nudged.filter((s) => s.kind === "grown").length;
    const asLarge = seedLate !== null && late >= seedLate / 2;
    const comparison =
      seedLate === null
        ? ""
        : asLarge
          ? `, as large as between runs of different seeds at this rate (${formatPercent(seedLate)})`
          : `, against ${formatPercent(seedLate)} between runs of different seeds at this rate`;
    return (
      `At η = ${formatShortest(r.lr)} the paired runs separate in ${formatCount(amplified.length)} of ${formatCount(r.paired.length)} seeds: ` +
      `the first bit differs at epoch ${epochSpan(amplified.map((s) => s.firstEpoch))}, ` +
      (perDecade.length
        ? `the difference grows tenfold every ${span(perDecade, (x) => formatNumber(x, 2))} epochs, `
        : "") +
      `it is visible from epoch ${epochSpan(amplified.map((s) => s.visibleEpoch))}, and over the second half of the run it is ` +
      `a median ${formatPercent(late)} of the error${comparison}. The control, one initial weight changed by a relative ` +
      `${formatShortest(NUDGE)}, separates the same way in ${formatCount(nudgedAmplified)} of ${formatCount(r.nudged.length)} seeds. ` +
      "Nothing about the method is amplified there, only rounding" +
      (asLarge
        ? ", and a verdict that compared paired curves against a tolerance would have credited the method with a difference as large as a change of seed."
        : ".")
    );
  });
  return [calmText, ...wildText].filter((t) => t).join(" ");
}
