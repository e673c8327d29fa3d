import { type Matrix } from "../linalg/matrix";
import { meanError } from "../model/forward";
import { FusedBackprop } from "../model/fused";
import { type Params } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { initForSeed } from "./runs";

/*
 * Whether training at a learning rate is chaotic, measured rather than inferred from a growing difference:
 * the largest Lyapunov exponent of the map "one epoch of SGD" (Benettin et al., 1980). Two copies of the weights,
 * a tiny distance d0 apart, see the same samples in the same order; after each epoch their distance d is
 * measured, ln(d/d0) added up, and the copy pulled back to distance d0 along the same direction. The average
 * of ln(d/d0) is the exponent per epoch: positive, nearby runs separate exponentially (chaos); zero, they keep
 * their distance (a flat valley); negative, they converge. A run that ends above its own starting error has
 * not learnt: it is marked diverged and its exponent is not read as chaos.
 */

/** Benettin's estimate for a map applied in place; `epochStep(t)` gives the map of step t (the same for both copies). */
export function largestLyapunov(
  start: Float64Array,
  epochStep: (t: number) => (x: Float64Array) => void,
  { steps, d0 = 1e-8, transient = 0, seed = 1 }: { steps: number; d0?: number; transient?: number; seed?: number },
): number {
  const x = Float64Array.from(start);
  const y = Float64Array.from(start);
  const rng = new Rng(seed);
  const dir = Array.from({ length: x.length }, () => rng.normal());
  const norm = Math.hypot(...dir);
  for (let i = 0; i < y.length; i++) y[i] += (d0 * dir[i]) / norm;
  let sum = 0;
  let counted = 0;
  for (let t = 0; t < steps; t++) {
    const f = epochStep(t);
    f(x);
    f(y);
    let d2 = 0;
    for (let i = 0; i < x.length; i++) d2 += (y[i] - x[i]) ** 2;
    const d = Math.sqrt(d2);
    if (!Number.isFinite(d)) return NaN;
    if (t >= transient) {
      sum += Math.log(d / d0);
      counted++;
    }
    // Pull the copy back to distance d0 along the direction it has moved to; at d = 0 (both rounded onto the same
    // point) restart from the original direction, which keeps the estimate finite.
    for (let i = 0; i < y.length; i++) y[i] = d > 0 ? x[i] + ((y[i] - x[i]) * d0) / d : x[i] + (d0 * dir[i]) / norm;
  }
  return sum / counted;
}

/** One learning rate and seed of the sweep. */
export interface LyapunovRun {
  lr: number;
  seed: number;
  /** Largest Lyapunov exponent per epoch, over the second half of the run; NaN when the weights overflowed. */
  exponent: number;
  /** Training error at epoch 0 and at the last epoch. */
  startError: number;
  endError: number;
  /** Ends above its starting error (or not finite): it did not learn, so its exponent says nothing about chaos. */
  diverged: boolean;
}

/** Params whose four matrices are views into one flat vector, so one epoch moves the vector in place. */
function paramsView(x: Float64Array, n: number, h: number): Params {
  const view = (offset: number, rows: number, cols: number): Matrix => ({
    rows,
    cols,
    data: x.subarray(offset, offset + rows * cols),
  });
  return { W1: view(0, n, h), B1: view(n * h, h, 1), W2: view(n * h + h, h, n), B2: view(2 * n * h + h, n, 1) };
}

/**
 * For each rate and seed: per-sample SGD from the seed's initial weights in its sample order (the trainer's
 * shuffle stream), with Benettin's exponent over the second half of `epochs`.
 */
export function lyapunovSweep(
  trainX: Matrix,
  hidden: number,
  lrs: readonly number[],
  seeds: readonly number[],
  epochs: number,
): LyapunovRun[] {
  const n = trainX.cols;
  return lrs.flatMap((lr) =>
    seeds.map((seed): LyapunovRun => {
      const init = initForSeed(seed, n, hidden);
      const start = Float64Array.from([...init.W1.data, ...init.B1.data, ...init.W2.data, ...init.B2.data]);
      const fused = new FusedBackprop(n, hidden);
      const rng = new Rng(streamSeed(seed, "shuffle"));
      const order = new Uint32Array(trainX.rows).map((_, i) => i);
      let endState: Float64Array | null = null;
      const exponent = largestLyapunov(
        start,
        (t) => {
          rng.shuffle(order); // once per epoch: both copies see this order
          return (x) => {
            const p = paramsView(x, n, hidden);
            for (let r = 0; r < order.length; r++) fused.sgdStep(p, trainX.data, order[r] * n, lr);
            if (t === epochs - 1) endState ??= x;
          };
        },
        { steps: epochs, transient: Math.floor(epochs / 2), seed },
      );
      const startError = meanError(init, trainX);
      const endError = endState ? errorOf(endState, n, hidden, trainX) : NaN;
      return {
        lr,
        seed,
        exponent,
        startError,
        endError,
        diverged: !(endError <= startError) || Number.isNaN(exponent),
      };
    }),
  );
}

function errorOf(x: Float64Array, n: number, hidden: number, X: Matrix): number {
  if (!x.every(Number.isFinite)) return NaN;
  return meanError(paramsView(x, n, hidden), X);
}
