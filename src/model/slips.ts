import { type Matrix, matmul, transpose, hadamard, sub, scale, map, full, shape } from "../linalg/matrix";
import { type Params, paramSizes } from "./params";
import { type ForwardPass, forward } from "./forward";
import { sigmoid, sigmoidPrimeFromOutput } from "./sigmoid";

/*
 * The classic slips of a hand-written backward pass, built once for two uses:
 *  - Question 4 trains with them: a slip is a mechanism that makes "my backprop" differ from autograd in one
 *    direction, unlike a seed or a sample order, which have no preferred direction;
 *  - the factor checker names them: when a student's wrong factor has the value a slip gives, that slip is
 *    the likely mistake.
 * Each slip is the one line of backward.ts a student writes differently. `slippedBackward` recomputes the
 * chain with that line replaced, so every later factor inherits the mistake, as it would in the student's code.
 */

/** The factors of the per-sample derivation, in the order the chain rule visits them (as in backward.ts). */
export const CHAIN = [
  "dE_dO2",
  "dO2_dI2",
  "dE_dI2",
  "dI2_dW2",
  "dE_dW2",
  "dE_dB2",
  "dI2_dO1",
  "dO1_dI1",
  "alpha",
  "dI1_dW1",
  "dE_dW1",
  "dE_dB1",
] as const;
export type ChainFactor = (typeof CHAIN)[number];

/** Everything a line of the backward pass can read: the weights, the forward pass and the factors before it. */
export interface SlipContext extends ForwardPass {
  p: Params;
  /** The factors computed so far, right or (from the slipped one on) wrong. */
  factors: Partial<Record<ChainFactor, Matrix>>;
}

/** A slip in one line of the per-sample backward pass. */
export interface FactorSlip {
  kind: "factor";
  id: string;
  /** The slip in words, for a student: what was written instead of what. */
  title: string;
  /** The line as the slip writes it and as the derivation writes it, in the assignment's notation. */
  wrote: string;
  right: string;
  /** The line it replaces; every factor after it in CHAIN that reads it goes wrong too. */
  factor: ChainFactor;
  /** The wrong line. It may throw a shape error when the network's sizes cannot express it (n ≠ h). */
  line(c: SlipContext): Matrix;
}

/** A slip outside the per-sample factors: the update's sign, or how a batch's gradients are combined. */
export interface StepSlip {
  kind: "update" | "batch";
  id: string;
  title: string;
  wrote: string;
  right: string;
  /** The factor by which the applied step differs from the right one, given the batch size. */
  stepFactor(batchSize: number): number;
}

export type Slip = FactorSlip | StepSlip;

function known(c: SlipContext, f: ChainFactor): Matrix {
  const m = c.factors[f];
  if (!m) throw new Error(`slip: factor ${f} is read before it is computed`);
  return m;
}

/** ∂I/∂B as the n×n (or h×h) matrix of ones: the assignment's "identity matrix … having all 1", read as a matrix. */
function onesJacobian(size: number): Matrix {
  return full(size, size, 1);
}

export const SLIPS: readonly Slip[] = [
  {
    kind: "factor",
    id: "dropped-two",
    title: "the factor 2 of the squared error is dropped",
    wrote: "∂E/∂O2 = x̂ − x",
    right: "∂E/∂O2 = 2(x̂ − x)",
    factor: "dE_dO2",
    line: (c) => sub(c.O2, c.x),
  },
  {
    kind: "factor",
    id: "sign-of-error",
    title: "the error's difference is taken the wrong way round",
    wrote: "∂E/∂O2 = 2(x − x̂)",
    right: "∂E/∂O2 = 2(x̂ − x)",
    factor: "dE_dO2",
    line: (c) => scale(sub(c.x, c.O2), 2),
  },
  {
    kind: "factor",
    id: "sigma-for-sigma-prime-output",
    title: "σ is used where its derivative σ′ belongs (output layer)",
    wrote: "∂O2/∂I2 = σ(I2)",
    right: "∂O2/∂I2 = σ′(I2) = O2 ⊙ (1 − O2)",
    factor: "dO2_dI2",
    line: (c) => c.O2,
  },
  {
    kind: "factor",
    id: "sigma-prime-of-output",
    title: "σ′ is evaluated at the output O2 instead of at the input I2",
    wrote: "∂O2/∂I2 = σ′(O2) = σ(O2) ⊙ (1 − σ(O2))",
    right: "∂O2/∂I2 = σ′(I2) = O2 ⊙ (1 − O2)",
    factor: "dO2_dI2",
    line: (c) => map(c.O2, (y) => sigmoidPrimeFromOutput(sigmoid(y))),
  },
  {
    kind: "factor",
    id: "o2-for-o1",
    title: "the output O2 is used where the hidden output O1 belongs",
    wrote: "∂I2/∂W2 = O2",
    right: "∂I2/∂W2 = O1",
    factor: "dI2_dW2",
    line: (c) => c.O2,
  },
  {
    kind: "factor",
    id: "outer-product-transposed-w2",
    title: "the outer product for ∂E/∂W2 is transposed (shaped like W2ᵀ)",
    wrote: "∂E/∂W2 = ∂E/∂I2 · O1ᵀ",
    right: "∂E/∂W2 = O1 · (∂E/∂I2)ᵀ",
    factor: "dE_dW2",
    line: (c) => matmul(known(c, "dE_dI2"), transpose(known(c, "dI2_dW2"))),
  },
  {
    kind: "factor",
    id: "ones-matrix-bias-b2",
    title: "∂I2/∂B2 is taken as a matrix of ones, so every bias gets the sum of the error signals",
    wrote: "∂E/∂B2 = 𝟙𝟙ᵀ ∂E/∂I2",
    right: "∂E/∂B2 = ∂E/∂I2 (∂I2/∂B2 is a vector of ones, applied element-wise)",
    factor: "dE_dB2",
    line: (c) => matmul(onesJacobian(c.x.rows), known(c, "dE_dI2")),
  },
  {
    kind: "factor",
    id: "w2-transposed",
    title: "W2ᵀ is used where W2 belongs in the hidden layer's error",
    wrote: "∂I2/∂O1 = W2ᵀ",
    right: "∂I2/∂O1 = W2 (since I2 = W2ᵀO1 + B2)",
    factor: "dI2_dO1",
    line: (c) => transpose(c.p.W2),
  },
  {
    kind: "factor",
    id: "sigma-for-sigma-prime-hidden",
    title: "σ is used where its derivative σ′ belongs (hidden layer)",
    wrote: "∂O1/∂I1 = σ(I1)",
    right: "∂O1/∂I1 = σ′(I1) = O1 ⊙ (1 − O1)",
    factor: "dO1_dI1",
    line: (c) => c.O1,
  },
  {
    kind: "factor",
    id: "alpha-skips-output-derivative",
    title: "α is built from ∂E/∂O2, skipping the output layer's σ′(I2)",
    wrote: "α = (W2 ∂E/∂O2) ⊙ σ′(I1)",
    right: "α = (W2 (∂E/∂O2 ⊙ σ′(I2))) ⊙ σ′(I1)",
    factor: "alpha",
    line: (c) => hadamard(matmul(known(c, "dI2_dO1"), known(c, "dE_dO2")), known(c, "dO1_dI1")),
  },
  {
    kind: "factor",
    id: "alpha-skips-hidden-derivative",
    title: "α leaves out the hidden layer's σ′(I1)",
    wrote: "α = W2 ∂E/∂I2",
    right: "α = (W2 ∂E/∂I2) ⊙ σ′(I1)",
    factor: "alpha",
    line: (c) => matmul(known(c, "dI2_dO1"), known(c, "dE_dI2")),
  },
  {
    kind: "factor",
    id: "outer-product-transposed-w1",
    title: "the outer product for ∂E/∂W1 is transposed (shaped like W1ᵀ)",
    wrote: "∂E/∂W1 = α · xᵀ",
    right: "∂E/∂W1 = x · αᵀ",
    factor: "dE_dW1",
    line: (c) => matmul(known(c, "alpha"), transpose(known(c, "dI1_dW1"))),
  },
  {
    kind: "factor",
    id: "ones-matrix-bias-b1",
    title: "∂I1/∂B1 is taken as a matrix of ones, so every hidden bias gets the sum of α",
    wrote: "∂E/∂B1 = 𝟙𝟙ᵀ α",
    right: "∂E/∂B1 = α",
    factor: "dE_dB1",
    line: (c) => matmul(onesJacobian(c.O1.rows), known(c, "alpha")),
  },
  {
    kind: "update",
    id: "update-sign",
    title: "the update climbs the error: the gradient is added instead of subtracted",
    wrote: "W ← W + η ∂E/∂W",
    right: "W ← W − η ∂E/∂W",
    stepFactor: () => -1,
  },
  {
    kind: "batch",
    id: "sum-not-mean",
    title: "a batch's gradient is the sum of the per-sample gradients, not their mean",
    wrote: "∂E/∂W = Σ_b ∂E_b/∂W",
    right: "∂E/∂W = (1/B) Σ_b ∂E_b/∂W",
    stepFactor: (batchSize) => batchSize,
  },
];

export function slipById(id: string): Slip {
  const slip = SLIPS.find((s) => s.id === id);
  if (!slip) throw new Error(`unknown slip "${id}" (choose one of: ${SLIPS.map((s) => s.id).join(", ")})`);
  return slip;
}

/** The factor slips only: the ones that change a line of the per-sample backward pass. */
export function factorSlips(): FactorSlip[] {
  return SLIPS.filter((s): s is FactorSlip => s.kind === "factor");
}

/**
 * The per-sample chain of backward.ts with one line replaced by a slip (or none: then it is the derivation,
 * and the tests hold it bitwise equal to backpropSample). Returns null when the slip cannot be written at the
 * network's sizes (a transpose whose shapes only match when n = h).
 */
export function slippedBackward(
  p: Params,
  x: Matrix | ArrayLike<number>,
  slip: FactorSlip | null,
): Record<ChainFactor, Matrix> | null {
  const fp = forward(p, x);
  const c: SlipContext = { ...fp, p, factors: {} };
  // The derivation's lines, in chain order; the same equations as backward.ts.
  const right: Record<ChainFactor, () => Matrix> = {
    dE_dO2: () => scale(sub(c.O2, c.x), 2),
    dO2_dI2: () => map(c.O2, sigmoidPrimeFromOutput),
    dE_dI2: () => hadamard(known(c, "dE_dO2"), known(c, "dO2_dI2")),
    dI2_dW2: () => c.O1,
    dE_dW2: () => matmul(known(c, "dI2_dW2"), transpose(known(c, "dE_dI2"))),
    dE_dB2: () => known(c, "dE_dI2"),
    dI2_dO1: () => p.W2,
    dO1_dI1: () => map(c.O1, sigmoidPrimeFromOutput),
    alpha: () => hadamard(matmul(known(c, "dI2_dO1"), known(c, "dE_dI2")), known(c, "dO1_dI1")),
    dI1_dW1: () => c.x,
    dE_dW1: () => matmul(known(c, "dI1_dW1"), transpose(known(c, "alpha"))),
    dE_dB1: () => known(c, "alpha"),
  };
  if (!slip) {
    for (const f of CHAIN) c.factors[f] = right[f]();
    return c.factors as Record<ChainFactor, Matrix>;
  }
  // The right lines cannot fail on weights that passed forward()'s checks, so with a slip in the chain a
  // failure is a product whose shapes no longer chain: the slip is not expressible at these sizes.
  try {
    for (const f of CHAIN) c.factors[f] = slip.factor === f ? slip.line(c) : right[f]();
  } catch {
    return null;
  }
  return c.factors as Record<ChainFactor, Matrix>;
}

/**
 * Whether a factor slip changes the shape of any gradient at these sizes. Such a slip cannot be trained with
 * (the update would not fit the weights), but the checker can still name it from the shape alone.
 */
export function slipChangesShapes(slip: FactorSlip, p: Params): boolean {
  const { n, h } = paramSizes(p);
  const x = new Array<number>(n).fill(0.5);
  const f = slippedBackward(p, x, slip);
  if (f === null) return true;
  const want: Partial<Record<ChainFactor, string>> = {
    dE_dW1: `${n}×${h}`,
    dE_dB1: `${h}×1`,
    dE_dW2: `${h}×${n}`,
    dE_dB2: `${n}×1`,
  };
  return Object.entries(want).some(([k, s]) => shape(f[k as ChainFactor]) !== s);
}
