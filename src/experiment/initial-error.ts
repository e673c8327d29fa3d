import { type Matrix, zeros } from "../linalg/matrix";
import { meanError, reconstruct } from "../model/forward";
import { type Params } from "../model/params";
import { formatNumber, formatPercent, formatTimes } from "../format/number";
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

export function initialError(trainX: Matrix, inits: readonly Params[], trainedErrors: readonly number[]): InitialError {
  if (inits.length === 0) throw new Error("initialError: no initial weights");
  const n = trainX.cols;
  const h = inits[0].W1.cols;
  const zero: Params = { W1: zeros(n, h), B1: zeros(h, 1), W2: zeros(h, n), B2: zeros(n, 1) };
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
  };
}

/** The verdict on observation 6 and its evidence, every clause chosen by the numbers. */
export function initialErrorVerdict(m: InitialError): { verdict: string; evidence: string } {
  const f = (x: number): string => formatNumber(x, 3);
  const high = m.random.mean > 2 * m.trained;
  const randomIsWorse = m.random.mean > m.zeroWeights;
  const verdict = !high
    ? "Not reproduced: the first error is not high compared with the trained one"
    : randomIsWorse
      ? "High, but not because the weights are random"
      : "Can arise from the random start, measured";
  const parts = [
    `The untrained network's training error is ${f(m.random.mean)} (mean over ${m.random.count} random starts), ` +
      `${formatTimes(m.random.mean / m.trained)} the ${f(m.trained)} reached after training.`,
    `Starting without any randomness, every weight zero so that every output is 0.5, gives ${f(m.zeroWeights)}: ` +
      (randomIsWorse
        ? "lower than the random start, so randomness is not what makes the first error high."
        : "no lower than the random start, so here the randomness does add to the first error."),
    `At the random start the outputs vary from sample to sample by only ${formatPercent(m.outputSpread)} of the data's own ` +
      `spread: the untrained network returns ${m.outputSpread < 0.25 ? "nearly " : ""}the same reconstruction for every input. ` +
      `An input-blind network can at best output the training mean, which scores ${f(m.bestConstant)}; ` +
      `the first error is ${formatTimes(m.random.mean / m.bestConstant)} that.`,
    !high
      ? ""
      : m.outputSpread < 0.25
        ? "The first error is high because the untrained outputs hardly depend on the input; it falls once the hidden layer learns to encode it."
        : "The untrained outputs already follow the input to some degree; the first error is high because they follow it wrongly.",
  ];
  return { verdict, evidence: parts.filter((p) => p).join(" ") };
}
