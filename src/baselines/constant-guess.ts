import { type Matrix } from "../linalg/matrix";
import { meanSquaredError } from "./reconstruction-error";

/**
 * The best input-independent guess under squared error: one fixed vector ĉ predicted for every sample.
 * Σ_r Σ_k (ĉ_k − x_rk)² is smallest at ĉ_k = the column mean, so the training mean is the constant guess
 * to beat; its error on the training rows is the sum of the columns' variances (1/N form).
 */
export function columnMeans(X: Matrix): Float64Array {
  if (X.rows === 0) throw new Error("columnMeans: the matrix has no rows");
  const mean = new Float64Array(X.cols);
  for (let r = 0; r < X.rows; r++) for (let k = 0; k < X.cols; k++) mean[k] += X.data[r * X.cols + k];
  for (let k = 0; k < X.cols; k++) mean[k] /= X.rows;
  return mean;
}

/** The matrix that predicts `guess` for every row of X (what the constant model reconstructs). */
export function constantReconstruction(guess: ArrayLike<number>, X: Matrix): Matrix {
  if (guess.length !== X.cols) throw new Error(`constantReconstruction: ${guess.length} values for ${X.cols} columns`);
  const out = new Float64Array(X.rows * X.cols);
  for (let r = 0; r < X.rows; r++) for (let k = 0; k < X.cols; k++) out[r * X.cols + k] = guess[k];
  return { rows: X.rows, cols: X.cols, data: out };
}

/** The mean per-sample E = Σ_k (ĉ_k − x_k)² of the constant guess ĉ on X. */
export function constantGuessError(guess: ArrayLike<number>, X: Matrix): number {
  return meanSquaredError(constantReconstruction(guess, X), X);
}
