import { type EpochRecord } from "../train/trainer";
import { type RunPair } from "./paired-runs";
import { median } from "./stats";
import { formatCount } from "../format/number";

/**
 * The smallest margin, as a fraction of the error, by which an observation must hold to count as something
 * the student could have seen. On the notebooks' log-scaled error plots 1% of the error is about a line's
 * width, and float64 rounding (about 1e-16 of the error per operation) cannot reach it unless the training
 * itself amplifies it, which the learning-rate experiment measures. A difference below this margin holds
 * "invisibly": its sign is reported but never taken as reproducing the observation.
 */
export const VISIBLE_MARGIN = 0.01;

/** Where in training the observations look. */
export interface ObservationEpochs {
  /** "A small number of epochs" (at least 1). */
  early: number;
  /** "A large number of epochs": the last epoch of the runs. */
  last: number;
}

/** One of the comparative observations of the assignment's Question 4 (the sixth, about epoch 0, is separate). */
export interface Observation {
  /** 1 to 5, in the order the assignment makes them. */
  id: number;
  /** The observation in our words. */
  text: string;
  /** Where it is checked, for the evidence: "at epoch 20". */
  where: (at: ObservationEpochs) => string;
  /**
   * By how much it holds for a pair, as a fraction of the error: positive when it holds, negative when
   * the opposite holds. Visible when at least {@link VISIBLE_MARGIN}.
   */
  margin: (pair: RunPair, at: ObservationEpochs) => number;
}

/** The number of first epochs that "the initial epochs" of observation 4 stands for (fewer if `early` is smaller). */
export const INITIAL_EPOCHS = 5;

function record(h: readonly EpochRecord[], epoch: number): EpochRecord {
  const r = h[epoch];
  if (!r) throw new Error(`no epoch ${epoch} in a history of ${h.length - 1} epochs`);
  return r;
}

function test(h: readonly EpochRecord[], epoch: number): number {
  const t = record(h, epoch).testError;
  if (t === null) throw new Error("the observations about test error need runs with a test set");
  return t;
}

/** (high − low) relative to their mean: positive when `high` really is the higher one. */
function relativeExcess(high: number, low: number): number {
  return (high - low) / ((high + low) / 2);
}

export const OBSERVATIONS: readonly Observation[] = [
  {
    id: 1,
    text: "After a few epochs, backprop has the lower training error; autograd needs longer.",
    where: (at) => `training error at epoch ${formatCount(at.early)}`,
    margin: (p, at) =>
      relativeExcess(record(p.variant.history, at.early).trainError, record(p.reference.history, at.early).trainError),
  },
  {
    id: 2,
    text: "After a few epochs, autograd has the lower test error.",
    where: (at) => `test error at epoch ${formatCount(at.early)}`,
    margin: (p, at) => relativeExcess(test(p.reference.history, at.early), test(p.variant.history, at.early)),
  },
  {
    id: 3,
    text: "After many epochs, autograd still has the lower test error.",
    where: (at) => `test error at epoch ${formatCount(at.last)}`,
    margin: (p, at) => relativeExcess(test(p.reference.history, at.last), test(p.variant.history, at.last)),
  },
  {
    id: 4,
    text: "In the first epochs, autograd's error is higher than backprop's.",
    where: (at) => `training error at each of epochs 1–${formatCount(Math.min(INITIAL_EPOCHS, at.early))}`,
    margin: (p, at) => {
      let worst = Infinity;
      for (let e = 1; e <= Math.min(INITIAL_EPOCHS, at.early); e++) {
        const m = relativeExcess(record(p.variant.history, e).trainError, record(p.reference.history, e).trainError);
        worst = Math.min(worst, m);
      }
      return worst;
    },
  },
  {
    id: 5,
    text: "Autograd's training and test curves come together; backprop's test error stays above its training error.",
    where: (at) => `train and test error at epoch ${formatCount(at.last)}`,
    margin: (p, at) => {
      // Both parts must hold: backprop's test error above its training error, and autograd's gap the smaller.
      const bTrain = record(p.reference.history, at.last).trainError;
      const aTrain = record(p.variant.history, at.last).trainError;
      const bGap = test(p.reference.history, at.last) - bTrain;
      const aGap = test(p.variant.history, at.last) - aTrain;
      const scale = (bTrain + aTrain) / 2;
      return Math.min(bGap, Math.abs(bGap) - Math.abs(aGap)) / scale;
    },
  },
];

/** How often an observation holds over a set of pairs. */
export interface ObservationCount {
  id: number;
  pairs: number;
  /** Holds by at least VISIBLE_MARGIN of the error. */
  visible: number;
  /** Holds, but by less than VISIBLE_MARGIN (a sign a plot would not show). */
  invisible: number;
  /** The median margin over the pairs (signed, fraction of the error). */
  medianMargin: number;
  /**
   * The pairs in which the observation holds visibly with the two runs' roles swapped: the count a mechanism
   * with no preferred direction would give as often as `visible`.
   */
  opposite: number;
  /** The median over the pairs of the larger of the two margins (as labelled, and swapped): the size of a flip. */
  medianSize: number;
}

/** The pair with its two runs' roles exchanged. */
export function swapped(p: RunPair): RunPair {
  return { reference: p.variant, variant: p.reference };
}

export function countObservation(obs: Observation, pairs: readonly RunPair[], at: ObservationEpochs): ObservationCount {
  if (pairs.length === 0) throw new Error(`observation ${obs.id}: no pairs to check`);
  const margins = pairs.map((p) => obs.margin(p, at));
  const swappedMargins = pairs.map((p) => obs.margin(swapped(p), at));
  return {
    id: obs.id,
    pairs: pairs.length,
    visible: margins.filter((m) => m >= VISIBLE_MARGIN).length,
    invisible: margins.filter((m) => m > 0 && m < VISIBLE_MARGIN).length,
    medianMargin: median(margins),
    opposite: swappedMargins.filter((m) => m >= VISIBLE_MARGIN).length,
    // 0 when neither labelling shows it (e.g. curves that cross within the first epochs of observation 4).
    medianSize: median(margins.map((m, i) => Math.max(0, m, swappedMargins[i]))),
  };
}
