import { type EpochRecord } from "../train/trainer";
import { VISIBLE_MARGIN } from "./observations";

/**
 * How two runs drift apart, epoch by epoch. Used for runs from the same weights in the same sample order of two
 * programs whose updates are equal by construction: paired backprop and autograd (which also round identically,
 * so they are bitwise identical) and the learning-rate sweep's controls (another summation order, float32), which
 * can differ only by floating-point rounding; the question is whether training keeps that rounding small or
 * amplifies it. The description never decides whether two methods are the same: from epoch errors alone,
 * rounding amplified within one epoch (per-sample SGD at η = 30 on Iris does that to the controls) cannot be told
 * from a real difference. That is decided by the construction and checked on a single update (one-step.ts),
 * where nothing can amplify.
 */
export interface Separation {
  /** The first epoch at which a train or test error differs in any bit; null when the histories are identical. */
  firstEpoch: number | null;
  /** |Δ| / error at that first epoch (0 when identical). */
  onsetRel: number;
  /** The largest |Δ| / error over all epochs and where it occurs. */
  maxRel: number;
  maxRelEpoch: number;
  /** The first epoch at which |Δ| / error reaches 1% (visible on a plot); null if it never does. */
  visibleEpoch: number | null;
  /**
   * Epochs for the difference to grow tenfold, from its onset to its first visible value (or to its maximum);
   * null unless kind is "grown" and it grew over more than one epoch.
   */
  epochsPerDecade: number | null;
  kind: SeparationKind;
  /** |Δ| / error per epoch (train error), for plots. */
  relative: number[];
}

/**
 * - "bitwise identical": no bit differs at any epoch.
 * - "rounding": they differ, but never by more than {@link AMPLIFIED_LIMIT} of the error.
 * - "grown": the difference exceeds AMPLIFIED_LIMIT somewhere. For runs whose single updates agree, that is
 *   rounding amplified by the training (the chaotic regime of a large learning rate); for runs that compute
 *   different things it is simply their difference.
 */
export type SeparationKind = "bitwise identical" | "rounding" | "grown";

/**
 * Float64 rounding that the training does not amplify stays within a few hundred ulps of the error (measured:
 * ≤ 1e-13 of it over 1000 epochs at η ≤ 3 on Iris); a difference above this fraction has grown.
 */
export const AMPLIFIED_LIMIT = 1e-6;
/** |x − y| relative to their mean magnitude; 0 when equal or when either is missing (no test set). */
function relDiff(x: number | null, y: number | null): number {
  return x === null || y === null || x === y ? 0 : Math.abs(x - y) / ((Math.abs(x) + Math.abs(y)) / 2);
}

/** The larger of the train and test relative differences of two records. */
function recordRel(ra: EpochRecord, rb: EpochRecord): number {
  return Math.max(relDiff(ra.trainError, rb.trainError), relDiff(ra.testError, rb.testError));
}

export function separation(a: readonly EpochRecord[], b: readonly EpochRecord[]): Separation {
  if (a.length !== b.length) throw new Error(`separation: histories of ${a.length} and ${b.length} records`);
  const relative: number[] = [];
  let firstEpoch: number | null = null;
  let onsetRel = 0;
  let maxRel = 0;
  let maxRelEpoch = 0;
  let visibleEpoch: number | null = null;
  let visibleRel = 0;
  for (let i = 0; i < a.length; i++) {
    const ra = a[i];
    const rb = b[i];
    const r = recordRel(ra, rb);
    relative.push(relDiff(ra.trainError, rb.trainError));
    const differs = ra.trainError !== rb.trainError || ra.testError !== rb.testError;
    if (differs && firstEpoch === null) {
      firstEpoch = ra.epoch;
      onsetRel = r;
    }
    if (r > maxRel) {
      maxRel = r;
      maxRelEpoch = ra.epoch;
    }
    if (visibleEpoch === null && r >= VISIBLE_MARGIN) {
      visibleEpoch = ra.epoch;
      visibleRel = r;
    }
  }
  const kind: SeparationKind =
    firstEpoch === null ? "bitwise identical" : maxRel > AMPLIFIED_LIMIT ? "grown" : "rounding";
  let epochsPerDecade: number | null = null;
  if (kind === "grown" && firstEpoch !== null) {
    const endEpoch = visibleEpoch ?? maxRelEpoch;
    const endRel = visibleEpoch !== null ? visibleRel : maxRel;
    // From the first difference (at least one rounding step, so the logarithm is finite) to the visible one.
    const startRel = Math.max(onsetRel, Number.EPSILON);
    const decades = Math.log10(endRel / startRel);
    if (endEpoch > firstEpoch && decades > 0) epochsPerDecade = (endEpoch - firstEpoch) / decades;
  }
  return { firstEpoch, onsetRel, maxRel, maxRelEpoch, visibleEpoch, epochsPerDecade, kind, relative };
}
