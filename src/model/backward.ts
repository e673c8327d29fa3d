import { type Matrix, matmul, transpose, hadamard, sub, scale, map } from "../linalg/matrix";
import { type Params } from "./params";
import { type Gradients } from "./gradients";
import { type ForwardPass, forward, sampleError } from "./forward";
import { sigmoidPrimeFromOutput } from "./sigmoid";

/**
 * Every factor of the hand derivation for one sample, each under the name it has in the equations.
 * Jacobians of element-wise maps (∂O2/∂I2, ∂O1/∂I1) are diagonal; they are kept as the vector of
 * their diagonal, so "multiplying" by them is the Hadamard product ⊙.
 */
export interface BackwardPass extends Gradients {
  forward: ForwardPass;
  /** E = Σ(x̂ − x)². */
  E: number;
  /** ∂E/∂O2 = 2(x̂ − x), n×1. */
  dE_dO2: Matrix;
  /** ∂O2/∂I2 = σ'(I2) = O2 ⊙ (1 − O2), n×1 (diagonal of the Jacobian). */
  dO2_dI2: Matrix;
  /** ∂E/∂I2 = ∂E/∂O2 ⊙ ∂O2/∂I2, n×1: the output layer's error signal. */
  dE_dI2: Matrix;
  /** ∂I2/∂W2 = O1, h×1. */
  dI2_dW2: Matrix;
  /** ∂I2/∂O1 = W2, h×n. */
  dI2_dO1: Matrix;
  /** ∂O1/∂I1 = σ'(I1) = O1 ⊙ (1 − O1), h×1 (diagonal of the Jacobian). */
  dO1_dI1: Matrix;
  /** α = ∂E/∂O2 ∂O2/∂I2 ∂I2/∂O1 ∂O1/∂I1 = (W2 ∂E/∂I2) ⊙ σ'(I1) = ∂E/∂I1, h×1. */
  alpha: Matrix;
  /** ∂I1/∂W1 = x, n×1. */
  dI1_dW1: Matrix;
}

/**
 * Backpropagation for one sample, written to be read beside the derivation: one line per factor,
 * in the order the chain rule visits them. (The autograd engine's tape walk is `autograd.backward`.)
 * The training loop runs the fused version in fused.ts; tests prove the two compute the same bits.
 */
export function backpropSample(p: Params, x: Matrix | ArrayLike<number>): BackwardPass {
  const fp = forward(p, x);
  const { x: xv, O1, O2 } = fp;
  const E = sampleError(O2, xv);

  // Output layer: E ← O2 ← I2 ← (W2, B2, O1)
  const dE_dO2 = scale(sub(O2, xv), 2);
  const dO2_dI2 = map(O2, sigmoidPrimeFromOutput);
  const dE_dI2 = hadamard(dE_dO2, dO2_dI2);
  const dI2_dW2 = O1;
  // I2 = W2ᵀO1 + B2 gives I2_k = Σ_j W2[j,k] O1_j, so ∂E/∂W2[j,k] = O1_j (∂E/∂I2)_k: an outer product.
  const dE_dW2 = matmul(dI2_dW2, transpose(dE_dI2));
  // ∂I2/∂B2 is a vector of ones.
  const dE_dB2 = dE_dI2;

  // Hidden layer: I2 ← O1 ← I1 ← (W1, B1, x)
  const dI2_dO1 = p.W2;
  const dO1_dI1 = map(O1, sigmoidPrimeFromOutput);
  const alpha = hadamard(matmul(dI2_dO1, dE_dI2), dO1_dI1);
  const dI1_dW1 = xv;
  const dE_dW1 = matmul(dI1_dW1, transpose(alpha));
  // ∂I1/∂B1 is a vector of ones, so ∂E/∂B1 = α.
  const dE_dB1 = alpha;

  return {
    forward: fp,
    E,
    dE_dO2,
    dO2_dI2,
    dE_dI2,
    dI2_dW2,
    dE_dW2,
    dE_dB2,
    dI2_dO1,
    dO1_dI1,
    alpha,
    dI1_dW1,
    dE_dW1,
    dE_dB1,
  };
}
