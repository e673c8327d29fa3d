/*
 * L-BFGS (Nocedal & Wright, Numerical Optimization, algorithms 7.4 and 7.5) with a backtracking line search on
 * the Armijo condition, over any function that returns its value and gradient. It is here to find the floor of
 * the autoencoder's error: per-sample SGD at a fixed learning rate crawls along the flat, ill-conditioned valley
 * where training stops, while a quasi-Newton method uses the curvature it has seen to take long steps along it.
 */

/** f(x) and ∇f(x); `g` is filled in place. */
export type ValueAndGradient = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** Pairs (s, y) kept for the inverse-Hessian estimate. */
  memory?: number;
  maxIterations?: number;
  /** Stop when the gradient's largest entry is below this. */
  gradientTolerance?: number;
  /** Stop when an iteration lowers f by less than this relative amount. */
  relativeTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  /** Largest |∂f/∂x_i| at the end. */
  gradientMax: number;
  iterations: number;
  /** Why it stopped. */
  reason: "gradient" | "no progress" | "iterations" | "line search";
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

export function lbfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-10;
  const rtol = options.relativeTolerance ?? 1e-15;
  const d = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(d);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  let reason: LbfgsResult["reason"] = "iterations";
  let it = 0;
  let flat = 0; // consecutive iterations without real progress
  for (; it < maxIterations; it++) {
    if (maxAbs(g) < gtol) {
      reason = "gradient";
      break;
    }
    // Two-loop recursion: dir = −H g with H the inverse-Hessian estimate from the stored pairs.
    dir.set(g);
    const alpha: number[] = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      for (let i = 0; i < d; i++) dir[i] -= alpha[k] * Y[k][i];
    }
    const gamma = S.length
      ? dot(S[S.length - 1], Y[S.length - 1]) / dot(Y[S.length - 1], Y[S.length - 1])
      : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < d; i++) dir[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      for (let i = 0; i < d; i++) dir[i] += S[k][i] * (alpha[k] - beta);
    }
    for (let i = 0; i < d; i++) dir[i] = -dir[i];
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (the estimate went bad): forget it and take the steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < d; i++) dir[i] = -g[i] / Math.max(1, maxAbs(g));
      slope = dot(g, dir);
    }
    // Backtracking on the Armijo condition f(x + t·dir) ≤ f(x) + c·t·slope, from the full quasi-Newton step.
    let t = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i] + t * dir[i];
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      reason = "line search";
      break;
    }
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      // Keep only pairs with positive curvature, so the estimate stays positive definite.
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const progress = (f - fNew) / Math.max(Math.abs(f), 1e-300);
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    f = fNew;
    flat = progress < rtol ? flat + 1 : 0;
    if (flat >= 5) {
      reason = "no progress";
      it++;
      break;
    }
  }
  return { x, value: f, gradientMax: maxAbs(g), iterations: it, reason };
}
