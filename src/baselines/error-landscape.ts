import { type Matrix, fromArray } from "../linalg/matrix";
import { FusedBackprop, fusedMeanError } from "../model/fused";
import { type Params } from "../model/params";
import { symmetricEigen } from "./jacobi-eigen";
import { type ValueAndGradient } from "./lbfgs";
import { linearOutputError, linearOutputGradients } from "./linear-output-autoencoder";

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

/** The same network with a linear output layer (x̂ = I2). */
export function linearOutputErrorLandscape(X: Matrix, h: number): ValueAndGradient {
  const n = X.cols;
  return (x, g) => {
    const p = unflattenParams(x, n, h);
    g.fill(0);
    for (let r = 0; r < X.rows; r++) {
      const d = linearOutputGradients(p, X.data.subarray(r * n, (r + 1) * n));
      const flat = flattenParams({ W1: vec(d.dE_dW1), B1: vec(d.dE_dB1), W2: vec(d.dE_dW2), B2: vec(d.dE_dB2) });
      for (let i = 0; i < g.length; i++) g[i] += flat[i] / X.rows;
    }
    return linearOutputError(p, X);
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
