import { type Matrix } from "../linalg/matrix";
import { FACTOR_NOTATION, type FactorName, FACTORS, maxAbsDiff, derivationFactors } from "../derivation/factors";
import { autogradFactors } from "../derivation/autograd-factors";
import { backwardLine } from "../derivation/backward-source";
import { type Params, paramSizes, cloneParams } from "../model/params";
import { backpropSample } from "../model/backward";
import { meanError } from "../model/forward";
import { batchGradients } from "../model/batch-gradients";
import { formatCount, formatNumber } from "../format/number";
import { matrixLatex } from "./latex";

/** The three independent values of every factor for one sample. */
export interface FactorChecks {
  derivation: Record<FactorName, Matrix>;
  finiteDifference: Record<FactorName, Matrix>;
  autograd: Record<FactorName, Matrix>;
}

/**
 * The equations whose factors must be written in the order the matrix layout multiplies. With ∂I2/∂O1 = W2
 * stored h×n, the chain ∂E/∂O2 ∂O2/∂I2 ∂I2/∂O1 ∂O1/∂I1 read left to right as matrix products is not even
 * defined; these forms are the same sums over indices, written so that every product is a valid one.
 */
export const MATRIX_ORDER_TEX: Partial<Record<FactorName, string>> = {
  dE_dW2: String.raw`\frac{\partial E}{\partial W_2} = \frac{\partial I_2}{\partial W_2}\left(\frac{\partial E}{\partial I_2}\right)^{T} = O_1 \left(\frac{\partial E}{\partial O_2} \odot \frac{\partial O_2}{\partial I_2}\right)^{T}`,
  alpha: String.raw`\alpha = \frac{\partial E}{\partial I_1} = \left(\frac{\partial I_2}{\partial O_1}\,\frac{\partial E}{\partial I_2}\right) \odot \frac{\partial O_1}{\partial I_1} = \left(W_2\, \frac{\partial E}{\partial I_2}\right) \odot \sigma'(I_1)`,
  dE_dW1: String.raw`\frac{\partial E}{\partial W_1} = \frac{\partial I_1}{\partial W_1}\,\alpha^{T} = x\,\alpha^{T}`,
};

/**
 * Markdown for one factor: its equation, the line of src/model/backward.ts that computes it (read from the
 * source as the cell runs, so it is the code that runs), the value that line gives for this sample, and how
 * far the finite-difference and autograd values are from it. The numbers are whatever the cell computed.
 */
export function factorMarkdown(name: FactorName, c: FactorChecks, digits = 5): string {
  const { label } = FACTOR_NOTATION[name];
  const tex = MATRIX_ORDER_TEX[name] ?? FACTOR_NOTATION[name].tex;
  const lhs = tex.split(" = ")[0];
  const v = c.derivation[name];
  const fd = maxAbsDiff(v, c.finiteDifference[name]);
  const ag = maxAbsDiff(v, c.autograd[name]);
  return (
    `$$${tex}$$\n\n` +
    "```ts\n" +
    `${backwardLine(name)}\n` +
    "```\n\n" +
    `$$${lhs} = ${matrixLatex(v, digits)}$$\n\n` +
    `${label} (${v.rows}×${v.cols}): central differences differ by at most ${sci(fd)}, ` +
    `the autograd engine by ${sci(ag)}.`
  );
}

/** The largest disagreement over all factors with each independent computation. */
export function worstFactorDifferences(c: FactorChecks): { finiteDifference: number; autograd: number } {
  return {
    finiteDifference: Math.max(...FACTORS.map((f) => maxAbsDiff(c.derivation[f], c.finiteDifference[f]))),
    autograd: Math.max(...FACTORS.map((f) => maxAbsDiff(c.derivation[f], c.autograd[f]))),
  };
}

/** One row per factor: shape and the largest disagreement with each independent method. */
export function factorSummaryRows(c: FactorChecks): Record<string, string | number>[] {
  return FACTORS.map((f) => ({
    factor: FACTOR_NOTATION[f].label,
    shape: `${c.derivation[f].rows}×${c.derivation[f].cols}`,
    "max |derivation − finite differences|": maxAbsDiff(c.derivation[f], c.finiteDifference[f]),
    "max |derivation − autograd|": maxAbsDiff(c.derivation[f], c.autograd[f]),
  }));
}

/** How the derivation and the autograd engine compare over many parameter sets. */
export interface AutogradAgreement {
  cases: number;
  /** Cases in which at least one entry of one factor differs. */
  differing: number;
  /** The largest |derivation − autograd| over every factor of every case. */
  maxDifference: number;
}

/**
 * The derivation against the autograd engine, factor by factor, for each parameter set (same sample x).
 * Used with non-zero biases: whether "bit for bit" holds can depend on where each side adds the bias.
 */
export function compareWithAutograd(params: readonly Params[], x: ArrayLike<number>): AutogradAgreement {
  let differing = 0;
  let maxDifference = 0;
  for (const p of params) {
    const d = derivationFactors(p, x);
    const a = autogradFactors(p, x);
    const worst = Math.max(...FACTORS.map((f) => maxAbsDiff(d[f], a[f])));
    if (worst > 0) differing += 1;
    maxDifference = Math.max(maxDifference, worst);
  }
  return { cases: params.length, differing, maxDifference };
}

/** The sentence a notebook prints for an AutogradAgreement: the verdict follows the measured numbers. */
export function autogradAgreementSentence(a: AutogradAgreement): string {
  if (a.differing === 0)
    return (
      `In all ${formatCount(a.cases)} cases the autograd engine reproduces every factor bit for bit, ` +
      `non-zero biases included: not one rounding differs.`
    );
  return (
    `In ${formatCount(a.differing)} of ${formatCount(a.cases)} cases at least one factor differs from the autograd engine's, ` +
    `by at most ${formatNumber(a.maxDifference, 2)} (${formatNumber(a.maxDifference / Number.EPSILON, 2)} ε, where ε = 2.2 × 10⁻¹⁶ is ` +
    `the spacing of doubles at 1): differences of rounding size, from adding the same terms in another order, not a different formula.`
  );
}

/** Each batch gradient against central differences of the batch's mean error and the mean of per-sample gradients. */
export type BatchCheckRow = {
  gradient: string;
  shape: string;
  "max |batch − finite differences|": number;
  "max |batch − mean of per-sample|": number;
};

const GRADIENTS = [
  ["W1", "dE_dW1", "∂E/∂W1"],
  ["B1", "dE_dB1", "∂E/∂B1"],
  ["W2", "dE_dW2", "∂E/∂W2"],
  ["B2", "dE_dB2", "∂E/∂B2"],
] as const;

/** The batch-matrix gradients for the rows of X, checked two independent ways (step 1e-6 for the differences). */
export function batchGradientChecks(p: Params, X: Matrix, eps = 1e-6): BatchCheckRow[] {
  const { n } = paramSizes(p);
  const g = batchGradients(p, X);
  const perSample = Array.from({ length: X.rows }, (_, r) => backpropSample(p, X.data.subarray(r * n, (r + 1) * n)));
  return GRADIENTS.map(([param, grad, label]) => {
    const batch = g[grad];
    let fd = 0;
    let mean = 0;
    for (let i = 0; i < batch.data.length; i++) {
      const up = cloneParams(p);
      const down = cloneParams(p);
      up[param].data[i] += eps;
      down[param].data[i] -= eps;
      const numeric = (meanError(up, X) - meanError(down, X)) / (2 * eps);
      const avg = perSample.reduce((s, b) => s + b[grad].data[i], 0) / X.rows;
      fd = Math.max(fd, Math.abs(batch.data[i] - numeric));
      mean = Math.max(mean, Math.abs(batch.data[i] - avg));
    }
    return {
      gradient: label,
      shape: `${batch.rows}×${batch.cols}`,
      "max |batch − finite differences|": fd,
      "max |batch − mean of per-sample|": mean,
    };
  });
}

/**
 * A parameter matrix written with symbols, entry (i, j) as w_{ij} (or w^*_{ij}), sized for the network at hand;
 * long sides are elided with dots so a 6-unit layer still fits the page.
 */
export function symbolicMatrixLatex(symbol: string, rows: number, cols: number): string {
  const show = (k: number): (number | null)[] => (k <= 4 ? range(k) : [1, 2, null, k]);
  const lines = show(rows).map((i) =>
    show(cols)
      .map((j) =>
        i === null
          ? j === null
            ? String.raw`\ddots`
            : String.raw`\vdots`
          : j === null
            ? String.raw`\cdots`
            : `${symbol}_{${i}${j}}`,
      )
      .join(" & "),
  );
  return String.raw`\begin{bmatrix} ${lines.join(String.raw` \\ `)} \end{bmatrix}`;
}

/** A column of symbols b_1 … b_k. */
export function symbolicColumnLatex(symbol: string, k: number): string {
  const entries = (k <= 4 ? range(k) : [1, 2, null, k]).map((i) =>
    i === null ? String.raw`\vdots` : `${symbol}_{${i}}`,
  );
  return String.raw`\begin{bmatrix} ${entries.join(String.raw` \\ `)} \end{bmatrix}`;
}

/** I1 = W1ᵀx + B1 written out entry by entry for n inputs and h hidden units. */
export function hiddenInputLatex(n: number, h: number): string {
  const entry = (j: number): string =>
    range(n)
      .map((i) => `w_{${i}${j}}x_{${i}}`)
      .join(" + ") + ` + b_{${j}}`;
  const rows = (h <= 4 ? range(h) : [1, 2, null, h]).map((j) => (j === null ? String.raw`\vdots` : entry(j)));
  return String.raw`I_1 = W_1^T x + B_1 = \begin{bmatrix} ${rows.join(String.raw` \\ `)} \end{bmatrix}`;
}

function range(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i + 1);
}

function sci(x: number): string {
  return x === 0 ? "0 (bitwise equal)" : formatNumber(x, 2);
}
