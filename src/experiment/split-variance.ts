import { type Matrix } from "../linalg/matrix";
import { type Dataset } from "../data/dataset";
import { applyMinMax, fitMinMax } from "../data/min-max-scaling";
import { type EpochRecord, type TrainResult } from "../train/trainer";
import { type Mechanism } from "./mechanism";
import { type PairSetup, pairedRuns, runArm } from "./paired-runs";
import { meanSd } from "./stats";
import { formatCount, formatNumber } from "../format/number";

/*
 * Whether the test curve ends above or below the training curve, and whether the two cross, depends on which
 * rows land in the test set: with 30 test rows a few unusual flowers move the test error more than training
 * does. The experiment trains the same network (same initial weights, same sample-order seed) on many seeded
 * splits and counts.
 */

export interface SplitRun {
  splitSeed: number;
  run: TrainResult;
  /** test − train at the last epoch. */
  finalGap: number;
  /** How often test − train changes sign between consecutive epochs 1 … last. */
  crossings: number;
  /** The first and last epoch at which a crossing completes; null without crossings. */
  crossingEpochs: [number, number] | null;
}

export interface SplitVariance {
  runs: SplitRun[];
  /** Splits whose test error ends below the training error. */
  testBelowTrain: number;
  /** Splits whose curves cross at least once after epoch 0. */
  withCrossings: number;
  /** Disjoint pairs of splits (backprop on one, autograd on the next): a student who split the data twice. */
  mechanism: Mechanism;
}

/** Sign changes of test − train over epochs 1 … last (epoch 0, the untrained network, is left out). */
export function crossings(history: readonly EpochRecord[]): { count: number; epochs: [number, number] | null } {
  let count = 0;
  let first = -1;
  let last = -1;
  let prev = 0;
  for (const r of history) {
    if (r.epoch === 0 || r.testError === null) continue;
    const sign = Math.sign(r.testError - r.trainError);
    if (sign === 0) continue;
    if (prev !== 0 && sign !== prev) {
      count++;
      if (first < 0) first = r.epoch;
      last = r.epoch;
    }
    prev = sign;
  }
  return { count, epochs: count > 0 ? [first, last] : null };
}

/**
 * Trains once per split seed with the setup's first seed for the weights and the sample order; `split(seed)`
 * returns that split's training and test rows, all in one unit (the notebook scales on the full data, so that
 * the splits' errors are comparable). Consecutive splits make a pair: a student who split the data twice.
 */
export function splitVariance(
  setup: Omit<PairSetup, "trainX" | "testX" | "seeds"> & { seeds: readonly number[] },
  splitSeeds: readonly number[],
  split: (seed: number) => { train: Matrix; test: Matrix },
): SplitVariance {
  if (splitSeeds.length < 2) throw new Error("splitVariance needs at least two split seeds");
  const seed = setup.seeds[0] ?? 0;
  const first = split(splitSeeds[0]);
  // Pair i trains on splits 2i and 2i + 1; an odd last split is left out.
  const pairIndices = Array.from({ length: splitSeeds.length >> 1 }, (_, i) => i);
  const onSplit = (k: (i: number) => number) => ({
    initSeed: () => seed,
    orderSeed: () => seed,
    data: (i: number) => split(splitSeeds[k(i)]),
  });
  const pairs = pairedRuns(
    { ...setup, seeds: pairIndices, trainX: first.train, testX: first.test },
    onSplit((i) => 2 * i),
    onSplit((i) => 2 * i + 1),
  );
  const pairSetup = { ...setup, trainX: first.train, testX: first.test };
  // An odd last split has no partner; it is still one of the splits the counts are over.
  const odd = splitSeeds.length % 2 === 1 ? [splitSeeds.length - 1] : [];
  const runs = pairs
    .flatMap((p, i) => [
      { splitSeed: splitSeeds[2 * i], run: p.reference },
      { splitSeed: splitSeeds[2 * i + 1], run: p.variant },
    ])
    .concat(
      odd.map((k) => ({
        splitSeed: splitSeeds[k],
        run: runArm(
          pairSetup,
          onSplit(() => k),
          0,
        ),
      })),
    )
    .map(({ splitSeed, run }): SplitRun => {
      const last = run.history[run.history.length - 1];
      const c = crossings(run.history);
      return {
        splitSeed,
        run,
        finalGap: last.testError! - last.trainError,
        crossings: c.count,
        crossingEpochs: c.epochs,
      };
    });
  return {
    runs,
    testBelowTrain: runs.filter((r) => r.finalGap < 0).length,
    withCrossings: runs.filter((r) => r.crossings > 0).length,
    mechanism: {
      name: "train/test split",
      differs: "the train/test split (consecutive split seeds; same initial weights and sample-order seed)",
      pairs,
      exchangeable: true,
    },
  };
}

/** "12 times between epochs 43 and 80", "once, at epoch 84", or "never". */
export function crossingPhrase(r: SplitRun): string {
  if (r.crossingEpochs === null) return "never";
  const [first, last] = r.crossingEpochs;
  return r.crossings === 1
    ? `once, at epoch ${formatCount(first)}`
    : `${formatCount(r.crossings)} times between epochs ${formatCount(first)} and ${formatCount(last)}`;
}

/** What the split loop shows, in sentences chosen by its numbers. */
export function describeSplits(v: SplitVariance): string {
  const n = v.runs.length;
  const gaps = meanSd(v.runs.map((r) => r.finalGap));
  const crossed = v.runs.filter((r) => r.crossingEpochs !== null);
  const most = crossed.reduce<SplitRun | null>((m, r) => (m === null || r.crossings > m.crossings ? r : m), null);
  return (
    `Over ${formatCount(n)} splits the test error ends below the training error in ${formatCount(v.testBelowTrain)} and above it ` +
    `in ${formatCount(v.runs.filter((r) => r.finalGap > 0).length)}; the final gap (test − train) has mean ${formatNumber(gaps.mean, 2)} ` +
    `and standard deviation ${formatNumber(gaps.sd, 2)} over the splits. The two curves cross after epoch 0 in ` +
    `${formatCount(v.withCrossings)} of the ${formatCount(n)}` +
    (most && most.crossingEpochs
      ? `, most often with split ${formatCount(most.splitSeed)}: ${crossingPhrase(most)}.`
      : ".") +
    (v.testBelowTrain > 0 && v.testBelowTrain < n
      ? " Which side the test curve ends on is a property of the split."
      : "")
  );
}

/**
 * A split's rows scaled with the range of ALL rows (training and test together) instead of the training rows':
 * every split then shares one unit, so the splits' errors can be compared. (Refitting min-max per split moves
 * each column's unit by several percent, as much as the differences being compared.)
 */
export function scaledOnAllRows(d: Dataset, file: string): { train: Matrix; test: Matrix } {
  const n = d.rawTrain.cols;
  const all = {
    rows: d.rawTrain.rows + d.rawTest.rows,
    cols: n,
    data: new Float64Array((d.rawTrain.rows + d.rawTest.rows) * n),
  };
  all.data.set(d.rawTrain.data, 0);
  all.data.set(d.rawTest.data, d.rawTrain.data.length);
  const scaling = fitMinMax(all, d.columns, file);
  return { train: applyMinMax(scaling, d.rawTrain), test: applyMinMax(scaling, d.rawTest) };
}
