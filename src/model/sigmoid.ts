/** σ(z) = 1 / (1 + e^(−z)). Written so that neither branch overflows for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * σ'(z) expressed through the forward output y = σ(z): σ'(z) = y(1 − y).
 * Backward passes keep y from the forward pass, so they never evaluate the exponential again.
 */
export function sigmoidPrimeFromOutput(y: number): number {
  return y * (1 - y);
}
