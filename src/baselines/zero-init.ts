import { zeros } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";

/** Every weight and bias zero: the start that never breaks the symmetry between hidden units. */
export function zeroParams(n: number, h: number): Params {
  return { W1: zeros(n, h), B1: zeros(h, 1), W2: zeros(h, n), B2: zeros(n, 1) };
}

/**
 * How far the hidden units are from being copies of each other: the largest difference between hidden unit j
 * and unit 0 over their incoming weights (column j of W1), bias (B1_j) and outgoing weights (row j of W2).
 *
 * Why it stays 0 from a symmetric start: if two hidden units have the same incoming and outgoing weights,
 * they compute the same O1_j, receive the same α_j = (W2 ∂E/∂I2)_j σ'(I1_j), and so get the same update:
 * gradient descent cannot tell them apart, and the network behaves as if it had one hidden unit.
 */
export function hiddenUnitAsymmetry(p: Params): number {
  const { n, h } = paramSizes(p);
  let worst = 0;
  for (let j = 1; j < h; j++) {
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(p.W1.data[i * h + j] - p.W1.data[i * h]));
    worst = Math.max(worst, Math.abs(p.B1.data[j] - p.B1.data[0]));
    for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(p.W2.data[j * n + k] - p.W2.data[k]));
  }
  return worst;
}
