import { type Matrix } from "../linalg/matrix";
import { type BackwardPass } from "../model/backward";

/** One quantity of the derivation as the gradients command shows it. */
export interface Quantity {
  /** The name in the code (backward.ts), also the JSON key: "dE_dO2". */
  name: string;
  /** As written in the derivation: "∂E/∂O2". */
  symbol: string;
  /** How it is computed from earlier quantities. */
  formula: string;
  value: Matrix;
}

export interface DerivationQuantities {
  /** The sample and the forward pass: x, I1, O1, I2, O2. */
  forward: Quantity[];
  /** E as a 1×1 matrix, so it prints like the rest. */
  error: Quantity;
  /** The chain-rule factors, in the order the derivation visits them. */
  factors: Quantity[];
  /** The four gradients the update rule uses. */
  gradients: Quantity[];
}

/** The quantities of one backward pass, labelled as in the derivation, in the derivation's order. */
export function derivationQuantities(bp: BackwardPass): DerivationQuantities {
  const f = bp.forward;
  const q = (name: string, symbol: string, formula: string, value: Matrix): Quantity => ({
    name,
    symbol,
    formula,
    value,
  });
  return {
    forward: [
      q("x", "x", "the sample", f.x),
      q("I1", "I1", "W1ᵀx + B1", f.I1),
      q("O1", "O1", "σ(I1)", f.O1),
      q("I2", "I2", "W2ᵀO1 + B2", f.I2),
      q("O2", "O2 = x̂", "σ(I2)", f.O2),
    ],
    error: q("E", "E", "Σ(x̂ − x)²", { rows: 1, cols: 1, data: Float64Array.of(bp.E) }),
    factors: [
      q("dE_dO2", "∂E/∂O2", "2(x̂ − x)", bp.dE_dO2),
      q("dO2_dI2", "∂O2/∂I2", "σ'(I2) = O2 ⊙ (1 − O2)", bp.dO2_dI2),
      q("dE_dI2", "∂E/∂I2", "∂E/∂O2 ⊙ ∂O2/∂I2", bp.dE_dI2),
      q("dI2_dW2", "∂I2/∂W2", "O1", bp.dI2_dW2),
      q("dI2_dO1", "∂I2/∂O1", "W2", bp.dI2_dO1),
      q("dO1_dI1", "∂O1/∂I1", "σ'(I1) = O1 ⊙ (1 − O1)", bp.dO1_dI1),
      q("alpha", "α", "(∂I2/∂O1 · ∂E/∂I2) ⊙ ∂O1/∂I1", bp.alpha),
      q("dI1_dW1", "∂I1/∂W1", "x", bp.dI1_dW1),
    ],
    gradients: [
      q("dE_dW2", "∂E/∂W2", "∂I2/∂W2 · (∂E/∂I2)ᵀ", bp.dE_dW2),
      q("dE_dB2", "∂E/∂B2", "∂E/∂I2", bp.dE_dB2),
      q("dE_dW1", "∂E/∂W1", "∂I1/∂W1 · αᵀ", bp.dE_dW1),
      q("dE_dB1", "∂E/∂B1", "α", bp.dE_dB1),
    ],
  };
}
