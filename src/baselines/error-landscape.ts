import { type Matrix, fromArray } from "../linalg/matrix";
import { FusedBackprop, fusedMeanError } from "../model/fused";
import { type Params } from "../model/params";
import { symmetricEigen } from "./jacobi-eigen";
import { type ValueAndGradient } from "./lbfgs";
import { sigmoid } from "../model/sigmoid";

/*
 * The training error as a function of all the weights at once, the way an optimiser sees it: a vector of
 * 2nh + h + n numbers (17 for the 3-2-3 network), its value the mean per-sample E over the rows, its gradient the
 * mean of the hand-derived per-sample gradients. On it: the gradient norm and the Hessian's spectrum where
 * training stopped, and the second-order search for the floor.
 */

/** W1, B1, W2, B2 laid end to end. */
export function flattenParams(p: Params): Float64Array {
  return Float64Array.from([...p.W1.data, ...p.B1.data, ...p.W2.data, ...p.B2.data]);
}

/** The inverse of flattenParams (copies). */
export function unflattenParams(x: ArrayLike<number>, n: number, h: number): Params {
  const at = (offset: number, rows: number, cols: number): Matrix =>
    fromArray(rows, cols, Array.prototype.slice.call(x, offset, offset + rows * cols) as number[]);
  return { W1: at(0, n, h), B1: at(n * h, h, 1), W2: at(n * h + h, h, n), B2: at(2 * n * h + h, n, 1) };
}

/** The sigmoid-output network's mean error on X and its gradient, as a function of the flat weights. */
export function sigmoidErrorLandscape(X: Matrix, h: number): ValueAndGradient {
  const n = X.cols;
  const fused = new FusedBackprop(n, h);
  return (x, g) => {
    const p = unflattenParams(x, n, h);
    fused.zeroGrad();
    for (let r = 0; r < X.rows; r++) fused.accumulate(p, X.data, r * n);
    g.set(
      flattenParams({ W1: vec(fused.dE_dW1), B1: vec(fused.dE_dB1), W2: vec(fused.dE_dW2), B2: vec(fused.dE_dB2) }),
    );
    for (let i = 0; i < g.length; i++) g[i] /= X.rows;
    return fusedMeanError(p, X);
  };
}

/**
 * The same network with a linear output layer (x̂ = I2), written out in loops (no allocation per sample, which
 * linear-output-autoencoder.ts's per-sample functions make): the derivation with ∂O2/∂I2 = 1. The tests hold it
 * to linearOutputError and to finite differences.
 */
export function linearOutputErrorLandscape(X: Matrix, h: number): ValueAndGradient {
  const n = X.cols;
  const o1 = new Float64Array(h);
  const d2 = new Float64Array(n);
  return (x, g) => {
    // Offsets of W1 (n×h), B1 (h), W2 (h×n), B2 (n) in the flat vector.
    const b1 = n * h;
    const w2 = b1 + h;
    const b2 = w2 + h * n;
    g.fill(0);
    let total = 0;
    for (let r = 0; r < X.rows; r++) {
      const off = r * n;
      for (let j = 0; j < h; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i * h + j] * X.data[off + i];
        o1[j] = sigmoid(s + x[b1 + j]);
      }
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = 0; j < h; j++) s += x[w2 + j * n + k] * o1[j];
        const diff = s + x[b2 + k] - X.data[off + k];
        total += diff * diff;
        d2[k] = 2 * diff; // ∂E/∂I2
      }
      for (let j = 0; j < h; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) {
          s += x[w2 + j * n + k] * d2[k];
          g[w2 + j * n + k] += o1[j] * d2[k];
        }
        const alpha = s * o1[j] * (1 - o1[j]);
        g[b1 + j] += alpha;
        for (let i = 0; i < n; i++) g[i * h + j] += X.data[off + i] * alpha;
      }
      for (let k = 0; k < n; k++) g[b2 + k] += d2[k];
    }
    for (let i = 0; i < g.length; i++) g[i] /= X.rows;
    return total / X.rows;
  };
}

const vec = (data: Float64Array): Matrix => ({ rows: data.length, cols: 1, data });

/** The gradient's Euclidean norm at x. */
export function gradientNorm(fg: ValueAndGradient, x: ArrayLike<number>): number {
  const g = new Float64Array(x.length);
  fg(Float64Array.from(x), g);
  return Math.hypot(...g);
}

export interface HessianSpectrum {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Largest over smallest eigenvalue; Infinity when the smallest is not positive. */
  condition: number;
}

/**
 * The Hessian at x by central differences of the gradient (column i from steps of ±δ·max(1, |x_i|) in weight i),
 * made symmetric, and its eigenvalues. Accurate to about 10⁻⁶ of the largest eigenvalue: enough for a condition
 * number, not for eigenvalues far below that.
 */
export function hessianSpectrum(fg: ValueAndGradient, x: ArrayLike<number>, delta = 1e-5): HessianSpectrum {
  const d = x.length;
  const H = new Float64Array(d * d);
  const xp = Float64Array.from(x);
  const gPlus = new Float64Array(d);
  const gMinus = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const step = delta * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + step;
    fg(xp, gPlus);
    xp[i] = x[i] - step;
    fg(xp, gMinus);
    xp[i] = x[i];
    for (let j = 0; j < d; j++) H[j * d + i] = (gPlus[j] - gMinus[j]) / (2 * step);
  }
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const s = (H[i * d + j] + H[j * d + i]) / 2;
      H[i * d + j] = H[j * d + i] = s;
    }
  const { values } = symmetricEigen({ rows: d, cols: d, data: H });
  const smallest = values[values.length - 1];
  return { values, condition: smallest > 0 ? values[0] / smallest : Infinity };
}
