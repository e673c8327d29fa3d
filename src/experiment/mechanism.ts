import { type GradientMethod } from "../train/method";
import { type TrainResult } from "../train/trainer";
import { type PairSetup, type RunPair, pairedRuns } from "./paired-runs";
import { median } from "./stats";

/**
 * A mechanism is a way two runs a student could have plotted as "backprop" and "autograd" can differ (the initial
 * weights, the sample order, the loss scaling, the precision, a slip, …); each pair differs in that one thing
 * only, so what separates its curves is that mechanism's doing.
 */
export interface Mechanism {
  /** Short name for tables, figures and "runs that differ only in …", e.g. "initial weights". */
  name: string;
  /** What differs between the two runs of a pair, as a phrase: "the initial weights (seeds s and s + 1000)". */
  differs: string;
  pairs: RunPair[];
  /**
   * True when the two runs of a pair are drawn the same way (two seeds, two sample orders, two splits), so which
   * one is called "backprop" is arbitrary: such a mechanism has no preferred direction, and by symmetry it shows
   * any one-sided observation in at most half of its pairs.
   */
  exchangeable?: boolean;
}

/** The size of a mechanism's effect at one epoch, over its pairs. */
export interface EffectAt {
  epoch: number;
  /** Median over pairs of |E_reference − E_variant| (training error). */
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
      const a = at(p.reference);
      const b = at(p.variant);
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

/**
 * For each seed of the setup, float64 backprop against `method`, both from the seed's initial weights and in
 * its sample order: pairs that differ in the method only.
 */
export function againstBackprop(
  setup: PairSetup,
  method: GradientMethod,
  /** The backprop runs, when already made (one per seed of the setup, with its settings). */
  reference?: readonly TrainResult[],
): RunPair[] {
  return pairedRuns(setup, reference ?? {}, { method });
}

/** The last epoch of a mechanism's runs (all its runs have the same length). */
export function lastEpoch(m: Mechanism): number {
  return m.pairs[0].reference.history.length - 1;
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
