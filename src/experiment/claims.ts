import { type Matrix } from "../linalg/matrix";
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
  if (maxAbs <= 1e-9 * spread.mean) {
    return {
      claim,
      verdict: "not supported",
      evidence:
        `At epoch ${epoch}, started from the same weights, the two methods' ${what} errors differ by at most ` +
        `${fmt(maxAbs)} over ${seeds} (mean error ${fmt(spread.mean)}), while changing the seed moves that error by ` +
        `${fmt(spread.sd)} (standard deviation). Both compute the same gradients, so a gap seen between two single runs ` +
        "comes from their different initial weights or sample order, not from the method.",
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

/** The assignment: autograd's train and test curves meet, backprop's test error stays above its train error. */
function gapClaim(bp: MethodRuns, ag: MethodRuns, epoch: number): ClaimCheck {
  const gaps = (m: MethodRuns): number[] =>
    errorsAt(m.runs, epoch, "testError").map((t, i) => t - errorsAt(m.runs, epoch, "trainError")[i]);
  const gb = gaps(bp);
  const ga = gaps(ag);
  const maxDiff = Math.max(...gb.map((g, i) => Math.abs(g - ga[i])));
  const g = meanSd(gb);
  const train = meanSd(errorsAt(bp.runs, epoch, "trainError")).mean;
  const side = g.mean > 0 ? "above" : "below";
  const rel = Math.abs(g.mean) / train;
  const same = maxDiff <= 1e-9 * Math.max(train, 1e-300);
  return {
    claim:
      "Autograd's train and test curves meet after some epochs; backprop's test error stays above its train error.",
    verdict: same ? "not supported" : ga.every((x, i) => Math.abs(x) < Math.abs(gb[i])) ? "supported" : "not supported",
    evidence: same
      ? `After ${epoch} epochs the test error sits ${side} the training error by ${fmt(Math.abs(g.mean))} on average ` +
        `(${(100 * rel).toFixed(1)}% of the training error) for both methods alike: their gaps differ by at most ` +
        `${fmt(maxDiff)}. Whether the curves meet is a property of the data split and the weights, shared by both methods.`
      : `After ${epoch} epochs the mean gap test − train is ${fmt(meanSd(ga).mean)} for autograd and ${fmt(g.mean)} for backprop.`,
  };
}

/** The assignment: the first error is high for both, because training starts from random weights. */
function initialErrorClaim(bp: MethodRuns, trainX: Matrix, epoch: number): ClaimCheck {
  const e0 = meanSd(errorsAt(bp.runs, 0, "trainError")).mean;
  const eEnd = meanSd(errorsAt(bp.runs, epoch, "trainError")).mean;
  // A network whose weights carry no information about the data outputs about σ(0) = 0.5 for any input.
  let half = 0;
  for (let i = 0; i < trainX.data.length; i++) half += (0.5 - trainX.data[i]) ** 2;
  half /= trainX.rows;
  const nearHalf = Math.abs(e0 - half) <= 0.35 * half;
  return {
    claim: "The first error is high for both methods because the weights start random.",
    verdict: e0 > 2 * eEnd ? "supported" : "not supported",
    evidence:
      `The mean training error at epoch 0 is ${fmt(e0)}, ${(e0 / eEnd).toFixed(1)} times the ${fmt(eEnd)} reached after ` +
      `${epoch} epochs. ` +
      (nearHalf
        ? `It is close to ${fmt(half)}, the error of a network that outputs 0.5 for every input: random weights ` +
          "that know nothing of the data leave every output near σ(0) = 0.5."
        : `A network that outputs 0.5 for every input would score ${fmt(half)}, so the random start is ` +
          `${e0 > half ? "worse" : "better"} than that baseline.`),
  };
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(3) : x.toExponential(2);
}
