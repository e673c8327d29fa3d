import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams, paramSizes } from "../model/params";
import { type GradientMethod } from "../train/method";
import { type TrainResult } from "../train/trainer";
import { type Mechanism, againstBackprop } from "./mechanism";
import { type PairSetup } from "./paired-runs";

/*
 * Float32 training, emulated: the hand-derived step of src/model/fused.ts with every stored value
 * and every operation's result rounded to the nearest float32 by Math.fround. Float32 is the default of PyTorch
 * and TensorFlow, so a student's autograd run was most likely single precision while a NumPy backprop was double.
 * TensorFlow.js computes in float32 too, but at batch size 1 it needs about a millisecond per sample here
 * (≈ 95 ms per Iris epoch), too slow for a thousand epochs over several seeds inside a notebook; the emulation
 * runs at about the speed of the float64 loop. The tests hold it to TensorFlow.js's float32 tolerance over the first epochs.
 */

const f = Math.fround;

/** σ(z) in float32: the exponential and the division computed in double, the result rounded once (as TF.js's cpu kernel stores it). */
function sigmoid32(z: number): number {
  return f(1 / (1 + Math.exp(-z)));
}

/**
 * SGD in emulated float32. Each sample's gradient is computed as in fused.ts; a mini-batch adds them up in
 * float32 and steps with η/B times the sum (for one sample exactly the per-sample update).
 */
export const float32BackpropMethod: GradientMethod = {
  name: "backprop float32",
  start(init: Params, trainX: Matrix) {
    const { n, h } = paramSizes(init);
    const p = cloneParams(init);
    for (const m of [p.W1, p.B1, p.W2, p.B2]) for (let i = 0; i < m.data.length; i++) m.data[i] = f(m.data[i]);
    const xs = Float64Array.from(trainX.data, f);
    const W1 = p.W1.data;
    const B1 = p.B1.data;
    const W2 = p.W2.data;
    const B2 = p.B2.data;
    const o1 = new Float64Array(h);
    const d2 = new Float64Array(n);
    const alpha = new Float64Array(h);
    // Gradient sums over a batch, laid out like W1, B1, W2, B2.
    const gW1 = new Float64Array(n * h);
    const gB1 = new Float64Array(h);
    const gW2 = new Float64Array(h * n);
    const gB2 = new Float64Array(n);

    /** Adds the gradient of the sample at xs[off …] to the sums, every result rounded to float32. */
    const accumulate = (off: number): void => {
      for (let j = 0; j < h; j++) {
        let s = B1[j]; // I1 = W1ᵀx + B1
        for (let i = 0; i < n; i++) s = f(s + f(W1[i * h + j] * xs[off + i]));
        o1[j] = sigmoid32(s);
      }
      for (let k = 0; k < n; k++) {
        let s = B2[k]; // I2 = W2ᵀO1 + B2
        for (let j = 0; j < h; j++) s = f(s + f(W2[j * n + k] * o1[j]));
        const y = sigmoid32(s);
        d2[k] = f(f(2 * f(y - xs[off + k])) * f(y * f(1 - y))); // ∂E/∂O2 ⊙ σ'(I2)
      }
      for (let j = 0; j < h; j++) {
        let s = 0; // W2 ∂E/∂I2
        for (let k = 0; k < n; k++) s = f(s + f(W2[j * n + k] * d2[k]));
        alpha[j] = f(s * f(o1[j] * f(1 - o1[j]))); // α
      }
      for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) gW2[j * n + k] = f(gW2[j * n + k] + f(o1[j] * d2[k]));
      for (let k = 0; k < n; k++) gB2[k] = f(gB2[k] + d2[k]);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < h; j++) gW1[i * h + j] = f(gW1[i * h + j] + f(xs[off + i] * alpha[j]));
      for (let j = 0; j < h; j++) gB1[j] = f(gB1[j] + alpha[j]);
    };

    return {
      step(order, start, end, lr) {
        for (const g of [gW1, gB1, gW2, gB2]) g.fill(0);
        for (let r = start; r < end; r++) accumulate(order[r] * n);
        const step = f(lr / (end - start)); // η/B, so the update uses the batch-mean gradient
        const apply = (w: Float64Array, g: Float64Array): void => {
          for (let i = 0; i < w.length; i++) w[i] = f(w[i] - f(step * g[i]));
        };
        apply(W1, gW1);
        apply(B1, gB1);
        apply(W2, gW2);
        apply(B2, gB2);
      },
      params: () => p,
      dispose() {},
    };
  },
};

/**
 * For each seed, float64 backprop against the same training in emulated float32, from the same weights and
 * in the same sample order, over the whole run. The errors are evaluated in float64 for both, so the pair
 * differs only in the precision of training.
 */
export function float32Mechanism(setup: PairSetup, reference?: readonly TrainResult[]): Mechanism {
  const pairs = againstBackprop(setup, float32BackpropMethod, reference);
  return {
    name: "float32 arithmetic",
    differs:
      "the precision: float64 for backprop, float32 (emulated with Math.fround) for autograd, as PyTorch's default",
    pairs,
  };
}
