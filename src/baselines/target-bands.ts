import { type Matrix, shape } from "../linalg/matrix";

/** The squared error of the entries whose target lies in one band of [0, 1]. */
export interface BandError {
  band: "near 0 or 1" | "middle";
  /** How many (row, column) entries have their target in the band. */
  entries: number;
  /** Mean of (x̂ − x)² over those entries. */
  meanSquared: number;
  /** Their share of the total squared error. */
  shareOfError: number;
}

/**
 * Where a reconstruction's error sits: entries whose target is within `edge` of 0 or 1 (after min-max
 * scaling every column has its extremes exactly there) against the rest. A sigmoid output needs
 * I2 → ±∞ to reach 0 or 1 and its error signal is damped by σ'(I2) = x̂(1 − x̂), smallest exactly there, so a
 * sigmoid output layer is expected to do worst near the edges; a linear output layer has no such edge.
 */
export function errorByTargetBand(Xhat: Matrix, X: Matrix, edge = 0.1): [BandError, BandError] {
  if (Xhat.rows !== X.rows || Xhat.cols !== X.cols)
    throw new Error(`errorByTargetBand: the reconstruction is ${shape(Xhat)} but the data is ${shape(X)}`);
  if (!(edge > 0 && edge < 0.5)) throw new Error(`errorByTargetBand: edge must be in (0, 0.5), got ${edge}`);
  const sums = [0, 0];
  const counts = [0, 0];
  for (let i = 0; i < X.data.length; i++) {
    const x = X.data[i];
    const b = x <= edge || x >= 1 - edge ? 0 : 1;
    sums[b] += (Xhat.data[i] - x) ** 2;
    counts[b] += 1;
  }
  const total = sums[0] + sums[1];
  const band = (b: 0 | 1): BandError => ({
    band: b === 0 ? "near 0 or 1" : "middle",
    entries: counts[b],
    meanSquared: counts[b] > 0 ? sums[b] / counts[b] : 0,
    shareOfError: total > 0 ? sums[b] / total : 0,
  });
  return [band(0), band(1)];
}
