import { type Matrix } from "../linalg/matrix";
import { reconstruct } from "../model/forward";
import { type MethodRuns } from "./runs";
import { type ErrorKind, errorsAt, meanSd } from "./stats";

/** One observation of the assignment's Question 4, checked against runs computed here. */
export interface ClaimCheck {
  /** The observation, paraphrased. */
  claim: string;
  verdict: "supported" | "not supported";
  /** Why, in numbers taken from the runs. */
  evidence: string;
}

export interface ClaimInputs {
  /** Runs of the hand-derived backprop and of autograd, same seeds in the same order. */
  backprop: MethodRuns;
  autograd: MethodRuns;
  /** An epoch that counts as "few epochs" (at least 1). */
  earlyEpoch: number;
  /** The training set, for the error of a network that outputs 0.5 everywhere. */
  trainX: Matrix;
}

/**
 * Paired errors closer than this fraction of the error are treated as equal: far below any difference a
 * learning-rate or initialisation change makes, yet above the float64 rounding that a thousand epochs can
 * accumulate when two programs order the same arithmetic differently.
 */
export const SAME_ERROR_TOLERANCE = 1e-9;

/**
 * Checks each observation the assignment's Question 4 makes about backprop versus autograd. Every sentence
 * of evidence is assembled from the runs' numbers, so re-running with other settings can flip a verdict.
 */
export function checkAssignmentClaims(inp: ClaimInputs): ClaimCheck[] {
  const { backprop: bp, autograd: ag, earlyEpoch } = inp;
  if (bp.seeds.join() !== ag.seeds.join()) throw new Error("backprop and autograd runs must use the same seeds");
  const last = bp.runs[0].history.length - 1;
  if (earlyEpoch < 1 || earlyEpoch > last) throw new Error(`earlyEpoch must be between 1 and ${last}`);
  return [
    lowerClaim(
      "With few epochs, backprop reaches a lower training error than autograd.",
      bp,
      ag,
      earlyEpoch,
      "trainError",
    ),
    lowerClaim("Autograd reaches a lower test error than backprop after few epochs.", ag, bp, earlyEpoch, "testError"),
    lowerClaim("Autograd reaches a lower test error than backprop after many epochs.", ag, bp, last, "testError"),
    lowerClaim("In the first epochs autograd's error is higher than backprop's.", bp, ag, 1, "trainError"),
    gapClaim(bp, ag, last),
    initialErrorClaim(bp, inp.trainX, last),
  ];
}

/** "`low` has a lower `kind` error than `high` at `epoch`", checked seed by seed (paired runs). */
function lowerClaim(claim: string, low: MethodRuns, high: MethodRuns, epoch: number, kind: ErrorKind): ClaimCheck {
  const a = errorsAt(low.runs, epoch, kind);
  const b = errorsAt(high.runs, epoch, kind);
  const diffs = a.map((v, i) => v - b[i]);
  const maxAbs = Math.max(...diffs.map(Math.abs));
  const spread = meanSd(a);
  const what = kind === "trainError" ? "training" : "test";
  const seeds = `${a.length} seed${a.length === 1 ? "" : "s"}`;
  if (maxAbs <= SAME_ERROR_TOLERANCE * spread.mean) {
    return {
      claim,
      verdict: "not supported",
      evidence:
        `At epoch ${epoch}, started from the same weights, the two methods' ${what} errors differ by at most ` +
        `${fmt(maxAbs)} over ${seeds} (mean error ${fmt(spread.mean)}; differences below ${SAME_ERROR_TOLERANCE} of the ` +
        `error count as none), while changing the seed moves that error by ${fmt(spread.sd)} (standard deviation). ` +
        "With paired runs this close, a gap between two runs that started from different weights or saw the samples " +
        "in a different order cannot be credited to the method.",
    };
  }
  const wins = diffs.filter((d) => d < 0).length;
  const md = meanSd(diffs);
  const verdict = wins === diffs.length ? "supported" : "not supported";
  return {
    claim,
    verdict,
    evidence:
      `At epoch ${epoch} ${low.method} has the lower ${what} error in ${wins} of ${seeds}; the mean paired difference ` +
      `is ${fmt(md.mean)} (${low.method} − ${high.method}), against a seed-to-seed spread of ${fmt(spread.sd)}.`,
  };
}

/**
 * The assignment: autograd's train and test curves meet, while backprop's test error stays above its train
 * error. Supported only if, in every seed, backprop's test error is above its training error and autograd's
 * gap is the smaller of the two.
 */
function gapClaim(bp: MethodRuns, ag: MethodRuns, epoch: number): ClaimCheck {
  const gaps = (m: MethodRuns): number[] => {
    const train = errorsAt(m.runs, epoch, "trainError");
    return errorsAt(m.runs, epoch, "testError").map((t, i) => t - train[i]);
  };
  const gb = gaps(bp);
  const ga = gaps(ag);
  const maxDiff = Math.max(...gb.map((g, i) => Math.abs(g - ga[i])));
  const g = meanSd(gb);
  const train = meanSd(errorsAt(bp.runs, epoch, "trainError")).mean;
  const claim =
    "Autograd's train and test curves meet after some epochs; backprop's test error stays above its train error.";
  if (maxDiff <= SAME_ERROR_TOLERANCE * train) {
    const side = g.mean > 0 ? "above" : "below";
    return {
      claim,
      verdict: "not supported",
      evidence:
        `After ${epoch} epochs the test error sits ${side} the training error by ${fmt(Math.abs(g.mean))} on average ` +
        `(${((100 * Math.abs(g.mean)) / train).toFixed(1)}% of the training error) for both methods alike: their gaps ` +
        `differ by at most ${fmt(maxDiff)}. Whether the curves meet depends on the data split and the weights, which ` +
        "both methods share here.",
    };
  }
  const above = gb.filter((x) => x > 0).length;
  const narrower = ga.filter((x, i) => Math.abs(x) < Math.abs(gb[i])).length;
  return {
    claim,
    verdict: above === gb.length && narrower === ga.length ? "supported" : "not supported",
    evidence:
      `After ${epoch} epochs backprop's test error is above its training error in ${above} of ${gb.length} seeds, and ` +
      `autograd's train–test gap is the smaller one in ${narrower}; mean gap (test − train) ${fmt(meanSd(ga).mean)} ` +
      `for autograd, ${fmt(g.mean)} for backprop.`,
  };
}

/** The assignment: the first error is high for both, because the weights start random. */
function initialErrorClaim(bp: MethodRuns, trainX: Matrix, epoch: number): ClaimCheck {
  const e0 = meanSd(errorsAt(bp.runs, 0, "trainError")).mean;
  const eEnd = meanSd(errorsAt(bp.runs, epoch, "trainError")).mean;
  // The error of a network that outputs 0.5 for every input, and how far the initial outputs really are from 0.5.
  let half = 0;
  for (let i = 0; i < trainX.data.length; i++) half += (0.5 - trainX.data[i]) ** 2;
  half /= trainX.rows;
  let offset = 0;
  for (const init of bp.inits) {
    const out = reconstruct(init, trainX).data;
    for (let i = 0; i < out.length; i++) offset += Math.abs(out[i] - 0.5);
  }
  offset /= trainX.data.length * bp.inits.length;
  return {
    claim: "The first error is high for both methods because the weights start random.",
    verdict: e0 > 2 * eEnd ? "supported" : "not supported",
    evidence:
      `The mean training error at epoch 0 is ${fmt(e0)}, ${(e0 / eEnd).toFixed(1)} times the ${fmt(eEnd)} reached after ` +
      `${epoch} epochs (both methods start from the same weights). The initial outputs lie on average ${fmt(offset)} ` +
      `from 0.5, and a network that output exactly 0.5 everywhere would score ${fmt(half)}: ` +
      (offset < 0.1
        ? "random weights leave the outputs near σ(0) = 0.5, unrelated to the input, and the first error is about what " +
          "such a guess costs."
        : "the random start is not simply a constant guess of 0.5."),
  };
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(3) : x.toExponential(2);
}
