import { type Matrix, shape, zeros } from "../linalg/matrix";

/**
 * σ(z) = 1 / (1 + e^(−z)).
 *
 * No branch on the sign of z is needed in double precision: for z ≪ 0, e^(−z) overflows to +∞ and
 * 1 / (1 + ∞) is exactly 0, the correctly rounded limit; for z ≫ 0, e^(−z) underflows to 0 and the result
 * is 1. Neither case produces NaN, so the one expression serves every z.
 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * σ'(z) expressed through the forward output y = σ(z): σ'(z) = y(1 − y).
 * Backward passes keep y from the forward pass, so they never evaluate the exponential again.
 */
export function sigmoidPrimeFromOutput(y: number): number {
  return y * (1 - y);
}

/*
 * The matrix forms, used by the autograd engine on every training step. They are loops rather than
 * map(Z, sigmoid) and map(Y, sigmoidPrimeFromOutput) because map, once it has been called with several
 * functions, can no longer inline the one it calls, and then pays a call and a boxed number per element.
 */

/** σ(Z), element by element. */
export function sigmoidOfMatrix(Z: Matrix): Matrix {
  const Y = zeros(Z.rows, Z.cols);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] = sigmoid(Z.data[i]);
  return Y;
}

/** dY ⊙ σ'(Z), with σ'(Z) = Y ⊙ (1 − Y) taken from the output Y = σ(Z): the gradient that passes back through σ. */
export function sigmoidGradient(dY: Matrix, Y: Matrix): Matrix {
  if (dY.rows !== Y.rows || dY.cols !== Y.cols)
    throw new Error(`sigmoidGradient: shapes ${shape(dY)} and ${shape(Y)} differ`);
  const dZ = zeros(Y.rows, Y.cols);
  for (let i = 0; i < dZ.data.length; i++) dZ.data[i] = dY.data[i] * (Y.data[i] * (1 - Y.data[i]));
  return dZ;
}
