import { type Matrix, zeros, column } from "../linalg/matrix";
import { backpropSample, type BackwardPass } from "../model/backward";
import { type Params, cloneParams } from "../model/params";
import { forward, layerInput, sampleError } from "../model/forward";
import { sigmoid } from "../model/sigmoid";
import { CHAIN, type ChainFactor } from "../model/slips";

/** The derivation's factors and gradients, in the order the chain rule visits them: the slips catalogue's CHAIN. */
export const FACTORS = CHAIN;
export type FactorName = ChainFactor;

/**
 * How each factor is written: a label, its formula in plain text (the CLI's table) and its equation in LaTeX
 * (the notebooks), in the assignment's notation. The one place these names are spelled out.
 */
export const FACTOR_NOTATION: Record<FactorName, { label: string; formula: string; tex: string }> = {
  dE_dO2: { label: "∂E/∂O2", formula: "2(x̂ − x)", tex: String.raw`\frac{\partial E}{\partial O_2} = 2(\hat{x} - x)` },
  dO2_dI2: {
    label: "∂O2/∂I2",
    formula: "σ'(I2) = O2 ⊙ (1 − O2)",
    tex: String.raw`\frac{\partial O_2}{\partial I_2} = \sigma'(I_2) = O_2 \odot (1 - O_2)`,
  },
  dE_dI2: {
    label: "∂E/∂I2",
    formula: "∂E/∂O2 ⊙ ∂O2/∂I2",
    tex: String.raw`\frac{\partial E}{\partial I_2} = \frac{\partial E}{\partial O_2} \odot \frac{\partial O_2}{\partial I_2}`,
  },
  dI2_dW2: { label: "∂I2/∂W2", formula: "O1", tex: String.raw`\frac{\partial I_2}{\partial W_2} = O_1` },
  dE_dW2: {
    label: "∂E/∂W2",
    formula: "∂I2/∂W2 · (∂E/∂I2)ᵀ",
    tex: String.raw`\frac{\partial E}{\partial W_2} = O_1 \left(\frac{\partial E}{\partial I_2}\right)^T`,
  },
  dE_dB2: {
    label: "∂E/∂B2",
    formula: "∂E/∂I2",
    tex: String.raw`\frac{\partial E}{\partial B_2} = \frac{\partial E}{\partial I_2} \frac{\partial I_2}{\partial B_2} = \frac{\partial E}{\partial I_2}`,
  },
  dI2_dO1: { label: "∂I2/∂O1", formula: "W2", tex: String.raw`\frac{\partial I_2}{\partial O_1} = W_2` },
  dO1_dI1: {
    label: "∂O1/∂I1",
    formula: "σ'(I1) = O1 ⊙ (1 − O1)",
    tex: String.raw`\frac{\partial O_1}{\partial I_1} = \sigma'(I_1) = O_1 \odot (1 - O_1)`,
  },
  alpha: {
    label: "α",
    formula: "(∂I2/∂O1 · ∂E/∂I2) ⊙ ∂O1/∂I1",
    tex: String.raw`\alpha = \frac{\partial E}{\partial O_2}\frac{\partial O_2}{\partial I_2}\frac{\partial I_2}{\partial O_1}\frac{\partial O_1}{\partial I_1} = \left(W_2 \frac{\partial E}{\partial I_2}\right) \odot \sigma'(I_1)`,
  },
  dI1_dW1: { label: "∂I1/∂W1", formula: "x", tex: String.raw`\frac{\partial I_1}{\partial W_1} = x` },
  dE_dW1: { label: "∂E/∂W1", formula: "∂I1/∂W1 · αᵀ", tex: String.raw`\frac{\partial E}{\partial W_1} = x\,\alpha^T` },
  dE_dB1: {
    label: "∂E/∂B1",
    formula: "α",
    tex: String.raw`\frac{\partial E}{\partial B_1} = \alpha \frac{\partial I_1}{\partial B_1} = \alpha`,
  },
};

/**
 * Each factor measured numerically, straight from its definition as a derivative, with central differences
 * (step 1e-6): the independent check the notebook prints beside every equation. It evaluates only the forward
 * pass (forward.ts) and σ, never backpropSample().
 * Diagonal Jacobians come back as their diagonal and ∂I/∂W as the column shared by every output, as in backward.ts.
 */
export function finiteDifferenceFactors(p: Params, xs: ArrayLike<number>, eps = 1e-6): Record<FactorName, Matrix> {
  const x = Array.from(xs);
  const fp = forward(p, x);
  const n = x.length;
  const h = p.W1.cols;
  const xv = column(x);
  const E = (o2: ArrayLike<number>): number => sampleError(column(o2), xv);
  // The layers of forward.ts, fed with perturbed inputs or parameters.
  const I2of = (q: Params, o1: ArrayLike<number>): number[] => Array.from(layerInput(q.W2, q.B2, column(o1)).data);
  const I1of = (q: Params): number[] => Array.from(forward(q, x).I1.data);
  const Eof = (q: Params): number => E(forward(q, x).O2.data);
  const EofI1 = (i1: number[]): number => E(I2of(p, i1.map(sigmoid)).map(sigmoid));

  /** d f / d v[i] for a function of a vector, by central difference. */
  const d = (f: (v: number[]) => number, v: ArrayLike<number>, i: number): number => {
    const up = Array.from(v);
    const down = Array.from(v);
    up[i] += eps;
    down[i] -= eps;
    return (f(up) - f(down)) / (2 * eps);
  };
  /** d f / d (parameter entry) for a function of the parameters. */
  const dParam = (f: (q: Params) => number, name: keyof Params, i: number): number => {
    const up = cloneParams(p);
    const down = cloneParams(p);
    up[name].data[i] += eps;
    down[name].data[i] -= eps;
    return (f(up) - f(down)) / (2 * eps);
  };
  const vec = (k: number, f: (i: number) => number): Matrix => column(Array.from({ length: k }, (_, i) => f(i)));
  const like = (m: Matrix, f: (i: number) => number): Matrix => {
    const out = zeros(m.rows, m.cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = f(i);
    return out;
  };

  const O1 = fp.O1.data;
  const I1 = fp.I1.data;
  const I2 = fp.I2.data;
  const dI2_dO1 = zeros(h, n);
  for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) dI2_dO1.data[j * n + k] = d((o1) => I2of(p, o1)[k], O1, j);
  return {
    dE_dO2: vec(n, (k) => d(E, fp.O2.data, k)),
    dO2_dI2: vec(n, (k) => d((v) => sigmoid(v[k]), I2, k)),
    dE_dI2: vec(n, (k) => d((v) => E(v.map(sigmoid)), I2, k)),
    // ∂I2_k/∂W2[j,k] is the same for every output k; the first output's is shown.
    dI2_dW2: vec(h, (j) => dParam((q) => I2of(q, O1)[0], "W2", j * n)),
    dE_dW2: like(p.W2, (i) => dParam(Eof, "W2", i)),
    dE_dB2: like(p.B2, (i) => dParam(Eof, "B2", i)),
    dI2_dO1,
    dO1_dI1: vec(h, (j) => d((v) => sigmoid(v[j]), I1, j)),
    alpha: vec(h, (j) => d(EofI1, I1, j)),
    dI1_dW1: vec(n, (i) => dParam((q) => I1of(q)[0], "W1", i * h)),
    dE_dW1: like(p.W1, (i) => dParam(Eof, "W1", i)),
    dE_dB1: like(p.B1, (i) => dParam(Eof, "B1", i)),
  };
}

/** The derivation's value of each factor for the sample (from backpropSample()). */
export function derivationFactors(
  p: Params,
  x: ArrayLike<number>,
): Record<FactorName, Matrix> & { pass: BackwardPass } {
  const g = backpropSample(p, x);
  const out = { pass: g } as Record<FactorName, Matrix> & { pass: BackwardPass };
  for (const f of FACTORS) out[f] = g[f];
  return out;
}

/** Largest |a − b| over two equally shaped matrices. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols)
    throw new Error(`maxAbsDiff: shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}
