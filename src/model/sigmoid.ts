/**
 * σ(z) = 1 / (1 + e^(−z)).
 *
 * No branch on the sign of z is needed in double precision: for z ≪ 0, e^(−z) overflows to +∞ and
 * 1 / (1 + ∞) is exactly 0, the correctly rounded limit; for z ≫ 0, e^(−z) underflows to 0 and the result
 * is 1. Neither case produces NaN, and the single expression is faster than a sign test in training loops.
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
