import { type Matrix, shape } from "../linalg/matrix";
import { type MinMaxScaling, invertMinMax } from "../data/min-max-scaling";

/**
 * The project's error for any reconstruction X̂ of X (both N×n): the mean over rows of the per-sample
 * E = Σ_k (x̂_k − x_k)², the same number the trainer records, so baselines and networks compare directly.
 */
export function meanSquaredError(Xhat: Matrix, X: Matrix): number {
  if (Xhat.rows !== X.rows || Xhat.cols !== X.cols)
    throw new Error(`meanSquaredError: the reconstruction is ${shape(Xhat)} but the data is ${shape(X)}`);
  if (X.rows === 0) throw new Error("meanSquaredError: no rows");
  let total = 0;
  for (let i = 0; i < X.data.length; i++) total += (Xhat.data[i] - X.data[i]) ** 2;
  return total / X.rows;
}

/**
 * Root-mean-square error of each column in the data's own units: both matrices are mapped back through the
 * inverse min-max scaling first, so for Iris the answer is in centimetres. A column scaled by 1/(max − min)
 * has its error scaled by the same factor, so this is the scaled RMS times (max − min), column by column.
 */
export function rmsErrorInUnits(scaling: MinMaxScaling, Xhat: Matrix, X: Matrix): number[] {
  if (Xhat.rows !== X.rows || Xhat.cols !== X.cols)
    throw new Error(`rmsErrorInUnits: the reconstruction is ${shape(Xhat)} but the data is ${shape(X)}`);
  const a = invertMinMax(scaling, Xhat);
  const b = invertMinMax(scaling, X);
  return Array.from({ length: X.cols }, (_, k) => {
    let s = 0;
    for (let r = 0; r < X.rows; r++) s += (a.data[r * X.cols + k] - b.data[r * X.cols + k]) ** 2;
    return Math.sqrt(s / X.rows);
  });
}
