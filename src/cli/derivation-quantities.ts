import { type Matrix } from "../linalg/matrix";
import { type BackwardPass } from "../model/backward";
import { FACTOR_TEX, type FactorName } from "../derivation/factors";

/** The chain-rule factors, in the order the derivation visits them, then the four gradients of the update rule. */
const CHAIN_RULE_FACTORS: readonly FactorName[] = [
  "dE_dO2",
  "dO2_dI2",
  "dE_dI2",
  "dI2_dW2",
  "dI2_dO1",
  "dO1_dI1",
  "alpha",
  "dI1_dW1",
];
const GRADIENTS: readonly FactorName[] = ["dE_dW2", "dE_dB2", "dE_dW1", "dE_dB1"];

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
    factors: CHAIN_RULE_FACTORS.map((name) => fromTable(name, bp)),
    gradients: GRADIENTS.map((name) => fromTable(name, bp)),
  };
}

function fromTable(name: FactorName, bp: BackwardPass): Quantity {
  const { label, formula } = FACTOR_TEX[name];
  return { name, symbol: label, formula, value: bp[name] };
}
