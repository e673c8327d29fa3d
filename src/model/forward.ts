import { type Matrix, add, matmul, transpose, map, zeros, shape } from "../linalg/matrix";
import { type Params, paramSizes } from "./params";
import { sigmoid } from "./sigmoid";

/** Every intermediate of one forward pass, named as in the derivation (all column vectors). */
export interface ForwardPass {
  /** The sample, n×1. */
  x: Matrix;
  /** I1 = W1ᵀx + B1, h×1: input to the hidden layer. */
  I1: Matrix;
  /** O1 = σ(I1), h×1: output of the hidden layer. */
  O1: Matrix;
  /** I2 = W2ᵀO1 + B2, n×1: input to the output layer. */
  I2: Matrix;
  /** O2 = σ(I2) = x̂, n×1: the reconstruction. */
  O2: Matrix;
}

/**
 * The forward pass for one sample x (n values or an n×1 matrix), one line per equation. Every other path
 * (the fused training loop, the autograd engine) adds the bias after the product, as written here, so they
 * all compute the same bits.
 */
export function forward(p: Params, x: Matrix | ArrayLike<number>): ForwardPass {
  const xv = asColumn(x, paramSizes(p).n);
  const I1 = layerInput(p.W1, p.B1, xv); // I1 = W1ᵀx + B1
  const O1 = map(I1, sigmoid); // O1 = σ(I1)
  const I2 = layerInput(p.W2, p.B2, O1); // I2 = W2ᵀO1 + B2
  const O2 = map(I2, sigmoid); // O2 = σ(I2) = x̂
  return { x: xv, I1, O1, I2, O2 };
}

/** The input of a layer with weights W and bias B: Wᵀ·input + B. */
export function layerInput(W: Matrix, B: Matrix, input: Matrix): Matrix {
  return add(matmul(transpose(W), input), B);
}

/** E = Σ (x̂ − x)², the per-sample squared error. */
export function sampleError(xHat: Matrix, x: Matrix): number {
  if (xHat.data.length !== x.data.length) throw new Error(`sampleError: x̂ is ${shape(xHat)} but x is ${shape(x)}`);
  let e = 0;
  for (let i = 0; i < x.data.length; i++) {
    const d = xHat.data[i] - x.data[i];
    e += d * d;
  }
  return e;
}

/**
 * The error of a data set as the README defines it: the mean over its rows (samples, N×n) of the
 * per-sample E. The trainer computes the same sum block by block (fusedMeanError in fused.ts), to the bit.
 */
export function meanError(p: Params, X: Matrix): number {
  const { n } = paramSizes(p);
  if (X.cols !== n) throw new Error(`meanError: data has ${X.cols} columns but the network has ${n} inputs`);
  if (X.rows === 0) throw new Error("meanError: the data set is empty");
  let total = 0;
  for (let r = 0; r < X.rows; r++) {
    const { x, O2 } = forward(p, X.data.subarray(r * n, (r + 1) * n));
    total += sampleError(O2, x);
  }
  return total / X.rows;
}

/** x̂ for every row (sample) of X: the reconstructions, N×n. */
export function reconstruct(p: Params, X: Matrix): Matrix {
  const out = zeros(X.rows, X.cols);
  for (let r = 0; r < X.rows; r++) {
    const { O2 } = forward(p, X.data.subarray(r * X.cols, (r + 1) * X.cols));
    out.data.set(O2.data, r * X.cols);
  }
  return out;
}

function asColumn(x: Matrix | ArrayLike<number>, n: number): Matrix {
  if ("data" in x && "rows" in x) {
    if (x.data.length !== n) throw new Error(`forward: sample is ${shape(x)} but the network has ${n} inputs`);
    return { rows: n, cols: 1, data: x.data.slice() };
  }
  if (x.length !== n) throw new Error(`forward: sample has ${x.length} values but the network has ${n} inputs`);
  return { rows: n, cols: 1, data: Float64Array.from(x) };
}
