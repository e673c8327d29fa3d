import { type Matrix } from "../linalg/matrix";
import { meanError, reconstruct } from "../model/forward";
import { type Params } from "../model/params";
import { formatCount, formatNumber, formatPercent, formatShortest, formatTimes } from "../format/number";
import { zeroParams } from "../baselines/zero-init";
import { meanSd } from "./stats";

/*
 * The assignment's sixth observation: the first error is high for both methods "because random weights are
 * assigned". Whether randomness is the cause can be measured: start without any randomness (every weight
 * zero, so every output is σ(0) = 0.5), compare with the best an input-blind network can do (always output
 * the training mean), and measure how much the untrained outputs depend on the input at all.
 */

/** The assignment's sixth observation, in our words. */
export const INITIAL_ERROR_OBSERVATION = "The first error is high for both methods because the weights start random.";

export interface InitialError {
  /** Training error at epoch 0 of each random start. */
  random: { mean: number; sd: number; count: number };
  /** Training error with every weight and bias 0 (all outputs 0.5). */
  zeroWeights: number;
  /** Training error of always outputting the training mean: the best constant guess. */
  bestConstant: number;
  /** Mean training error after training, for scale. */
  trained: number;
  /** Spread (sd over samples) of the untrained outputs as a fraction of the data's spread, averaged over outputs and starts. */
  outputSpread: number;
  /** Small random starts U(−s, s), when measured: random, but close to zero. */
  small: { scale: number; mean: number; count: number } | null;
}

function columnSd(X: Matrix): number[] {
  const sds: number[] = [];
  for (let k = 0; k < X.cols; k++) {
    let mean = 0;
    for (let r = 0; r < X.rows; r++) mean += X.data[r * X.cols + k];
    mean /= X.rows;
    let v = 0;
    for (let r = 0; r < X.rows; r++) v += (X.data[r * X.cols + k] - mean) ** 2;
    sds.push(Math.sqrt(v / X.rows));
  }
  return sds;
}

/** The error of outputting the training mean for every sample: the sum of the columns' (population) variances. */
export function bestConstantError(X: Matrix): number {
  return columnSd(X).reduce((s, sd) => s + sd * sd, 0);
}

export function initialError(
  trainX: Matrix,
  inits: readonly Params[],
  trainedErrors: readonly number[],
  /** Small random starts, to separate "random" from "large". */
  small?: { scale: number; inits: readonly Params[] },
): InitialError {
  if (inits.length === 0) throw new Error("initialError: no initial weights");
  const n = trainX.cols;
  const h = inits[0].W1.cols;
  const zero = zeroParams(n, h);
  const dataSd = columnSd(trainX);
  let spread = 0;
  for (const p of inits) {
    const outSd = columnSd(reconstruct(p, trainX));
    spread += outSd.reduce((s, sd, k) => s + sd / dataSd[k], 0) / n;
  }
  const r = meanSd(inits.map((p) => meanError(p, trainX)));
  return {
    random: { mean: r.mean, sd: r.sd, count: inits.length },
    zeroWeights: meanError(zero, trainX),
    bestConstant: bestConstantError(trainX),
    trained: meanSd([...trainedErrors]).mean,
    outputSpread: spread / inits.length,
    small:
      small && small.inits.length
        ? {
            scale: small.scale,
            mean: meanSd(small.inits.map((p) => meanError(p, trainX))).mean,
            count: small.inits.length,
          }
        : null,
  };
}

/**
 * The part of the random start's first error that the randomness adds: (E_random − E_zero) / E_random, where E_zero
 * is the error with every weight zero. 0 or less when a start without randomness is no better.
 */
export function randomShare(m: InitialError): number {
  return (m.random.mean - m.zeroWeights) / m.random.mean;
}

/**
 * The verdict on observation 6 as the assignment states it ("the initial error is high for both, as random weights
 * are assigned at the start"), and its evidence, every clause chosen by the numbers. The claim has two parts: the
 * start is what makes the error high (true when the untrained outputs ignore the input), and randomness is why
 * (tested against a start without randomness, all zeros, and one with small random weights).
 */
export function initialErrorVerdict(m: InitialError): { verdict: string; evidence: string } {
  const f = (x: number): string => formatNumber(x, 3);
  const high = m.random.mean > 2 * m.trained;
  const share = randomShare(m);
  const blind = m.random.mean >= m.bestConstant;
  const smallLikeZero = m.small !== null && Math.abs(m.small.mean - m.zeroWeights) < 0.05 * m.zeroWeights;
  const verdict = !high
    ? "Not reproduced: the first error is not high compared with the trained one"
    : blind && share < 0.5
      ? "Right that the untrained start makes it high; the randomness is not the reason"
      : blind
        ? "Right: the untrained start makes it high, and here most of it comes from the random weights' scale"
        : "Partly: the untrained outputs already follow the input a little, and the first error is high because they follow it poorly";
  const parts = [
    `Before any update the training error is ${f(m.random.mean)} (mean over ${formatCount(m.random.count)} random starts), ` +
      `${formatTimes(m.random.mean / m.trained)} the ${f(m.trained)} reached after training; the best input-blind guess, the training ` +
      `mean, scores ${f(m.bestConstant)}, and the untrained outputs vary from sample to sample by ${formatPercent(m.outputSpread)} of ` +
      `the data's own spread${blind ? ": untrained weights carry no usable information about x, so the first error is that of a guess." : "."}`,
    `Without any randomness, every weight zero (every output 0.5), the error is ${f(m.zeroWeights)}` +
      (m.small
        ? `; small random weights U(−${formatShortest(m.small.scale)}, ${formatShortest(m.small.scale)}) start at ${f(m.small.mean)}` +
          (smallLikeZero ? ", the same" : "")
        : "") +
      (share > 0
        ? `. The default (Xavier) weights' larger scale adds ${f(m.random.mean - m.zeroWeights)}, ${formatPercent(share)} of the first error.`
        : ". Random weights add nothing to it."),
  ];
  return { verdict, evidence: parts.join(" ") };
}
