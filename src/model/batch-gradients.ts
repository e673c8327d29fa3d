import { type Matrix, matmul, transpose, hadamard, sub, scale, map, addRow, sumRows, shape } from "../linalg/matrix";
import { type Params, paramSizes } from "./params";
import { sigmoid, sigmoidPrimeFromOutput } from "./sigmoid";

/**
 * The derivation for a whole mini-batch at once, with the samples as the ROWS of X (B×n), the layout of
 * data files and of most libraries. Each per-sample column vector becomes a row, so every transpose moves:
 *
 *   I1 = X W1 + 1 B1ᵀ  (B×h)     O1 = σ(I1)
 *   I2 = O1 W2 + 1 B2ᵀ (B×n)     O2 = σ(I2) = X̂
 *   E  = (1/B) Σ_rows Σ_k (X̂ − X)²                        the mean of the per-sample errors
 *   ∂E/∂I2 = (2/B)(X̂ − X) ⊙ O2 ⊙ (1 − O2)    (B×n)         row r = (1/B) × sample r's ∂E/∂I2
 *   ∂E/∂W2 = O1ᵀ ∂E/∂I2       (h×n)      ∂E/∂B2 = (∂E/∂I2)ᵀ 1   (column sums)
 *   A      = (∂E/∂I2 W2ᵀ) ⊙ O1 ⊙ (1 − O1)  (B×h)             row r = (1/B) × sample r's αᵀ
 *   ∂E/∂W1 = Xᵀ A             (n×h)      ∂E/∂B1 = Aᵀ 1
 *
 * Xᵀ A = Σ_r x_r α_rᵀ / B: the batch product IS the sum of the per-sample outer products x αᵀ, divided by B,
 * which is why the batch gradient equals the mean of the per-sample gradients.
 */
export interface BatchPass {
  /** Mean over the batch of the per-sample E. */
  E: number;
  I1: Matrix;
  O1: Matrix;
  I2: Matrix;
  O2: Matrix;
  dE_dI2: Matrix;
  /** The hidden error signal of every sample, as rows (B×h). */
  A: Matrix;
  dE_dW1: Matrix;
  dE_dB1: Matrix;
  dE_dW2: Matrix;
  dE_dB2: Matrix;
}

export function batchGradients(p: Params, X: Matrix): BatchPass {
  const { n } = paramSizes(p);
  if (X.cols !== n) throw new Error(`batchGradients: the batch is ${shape(X)} but the network has ${n} inputs`);
  if (X.rows === 0) throw new Error("batchGradients: the batch is empty");
  const B = X.rows;

  const I1 = addRow(matmul(X, p.W1), transpose(p.B1));
  const O1 = map(I1, sigmoid);
  const I2 = addRow(matmul(O1, p.W2), transpose(p.B2));
  const O2 = map(I2, sigmoid);
  const diff = sub(O2, X);
  const E = diff.data.reduce((s, d) => s + d * d, 0) / B;

  const dE_dI2 = hadamard(scale(diff, 2 / B), map(O2, sigmoidPrimeFromOutput));
  const dE_dW2 = matmul(transpose(O1), dE_dI2);
  const dE_dB2 = transpose(sumRows(dE_dI2)); // (∂E/∂I2)ᵀ 1
  const A = hadamard(matmul(dE_dI2, transpose(p.W2)), map(O1, sigmoidPrimeFromOutput));
  const dE_dW1 = matmul(transpose(X), A);
  const dE_dB1 = transpose(sumRows(A)); // Aᵀ 1
  return { E, I1, O1, I2, O2, dE_dI2, A, dE_dW1, dE_dB1, dE_dW2, dE_dB2 };
}
