import { type Matrix } from "../linalg/matrix";
import { FACTOR_TEX, type FactorName, FACTORS, maxAbsDiff } from "../experiment/factors";
import { matrixLatex } from "./latex";

/** The three independent values of every factor for one sample. */
export interface FactorChecks {
  derivation: Record<FactorName, Matrix>;
  finiteDifference: Record<FactorName, Matrix>;
  autograd: Record<FactorName, Matrix>;
}

/**
 * Markdown for one factor: its equation with the value the derivation gives for this sample, then how far
 * the finite-difference and autograd values are from it. The numbers are whatever the cell computed.
 */
export function factorMarkdown(name: FactorName, c: FactorChecks, digits = 5): string {
  const { label, tex } = FACTOR_TEX[name];
  const v = c.derivation[name];
  const fd = maxAbsDiff(v, c.finiteDifference[name]);
  const ag = maxAbsDiff(v, c.autograd[name]);
  return (
    `$$${tex} = ${matrixLatex(v, digits)}$$\n\n` +
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
    factor: FACTOR_TEX[f].label,
    shape: `${c.derivation[f].rows}×${c.derivation[f].cols}`,
    "max |derivation − finite differences|": maxAbsDiff(c.derivation[f], c.finiteDifference[f]),
    "max |derivation − autograd|": maxAbsDiff(c.derivation[f], c.autograd[f]),
  }));
}

function sci(x: number): string {
  return x === 0 ? "0 (bitwise equal)" : x.toExponential(1);
}
