import { type Matrix, zeros, shape } from "../linalg/matrix";
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

/** The forward pass for one sample x (n values or an n×1 matrix). */
export function forward(p: Params, x: Matrix | ArrayLike<number>): ForwardPass {
  const { n, h } = paramSizes(p);
  const xv = asColumn(x, n);
  const I1 = zeros(h, 1);
  const O1 = zeros(h, 1);
  for (let j = 0; j < h; j++) {
    // (W1ᵀx)_j = Σ_i W1[i, j] x_i
    let s = p.B1.data[j];
    for (let i = 0; i < n; i++) s += p.W1.data[i * h + j] * xv.data[i];
    I1.data[j] = s;
    O1.data[j] = sigmoid(s);
  }
  const I2 = zeros(n, 1);
  const O2 = zeros(n, 1);
  for (let k = 0; k < n; k++) {
    let s = p.B2.data[k];
    for (let j = 0; j < h; j++) s += p.W2.data[j * n + k] * O1.data[j];
    I2.data[k] = s;
    O2.data[k] = sigmoid(s);
  }
  return { x: xv, I1, O1, I2, O2 };
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
 * per-sample E. It allocates once per call, not per sample: the trainer calls it twice per epoch.
 */
export function meanError(p: Params, X: Matrix): number {
  const { n, h } = paramSizes(p);
  if (X.cols !== n) throw new Error(`meanError: data has ${X.cols} columns but the network has ${n} inputs`);
  if (X.rows === 0) throw new Error("meanError: the data set is empty");
  const W1 = p.W1.data;
  const B1 = p.B1.data;
  const W2 = p.W2.data;
  const B2 = p.B2.data;
  const xs = X.data;
  const o1 = new Float64Array(h);
  let total = 0;
  for (let r = 0; r < X.rows; r++) {
    const off = r * n;
    for (let j = 0; j < h; j++) {
      let s = B1[j];
      for (let i = 0; i < n; i++) s += W1[i * h + j] * xs[off + i];
      o1[j] = sigmoid(s);
    }
    for (let k = 0; k < n; k++) {
      let s = B2[k];
      for (let j = 0; j < h; j++) s += W2[j * n + k] * o1[j];
      const d = sigmoid(s) - xs[off + k];
      total += d * d;
    }
  }
  return total / X.rows;
}

function asColumn(x: Matrix | ArrayLike<number>, n: number): Matrix {
  if ("data" in x && "rows" in x) {
    if (x.data.length !== n) throw new Error(`forward: sample is ${shape(x)} but the network has ${n} inputs`);
    return { rows: n, cols: 1, data: x.data.slice() };
  }
  if (x.length !== n) throw new Error(`forward: sample has ${x.length} values but the network has ${n} inputs`);
  return { rows: n, cols: 1, data: Float64Array.from(x) };
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
