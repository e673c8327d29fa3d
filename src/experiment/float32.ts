import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams, paramSizes } from "../model/params";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { train } from "../train/trainer";
import { type Mechanism, type TrainingSetup, runCounter } from "./mechanism";
import { initForSeed } from "./runs";

/*
 * Float32 training, emulated: the hand-derived per-sample step of src/model/fused.ts with every stored value
 * and every operation's result rounded to the nearest float32 by Math.fround. Float32 is the default of PyTorch
 * and TensorFlow, so a student's autograd run was most likely single precision while a NumPy backprop was double.
 * TensorFlow.js computes in float32 too, but at batch size 1 it needs a few hundred microseconds per sample,
 * too slow for a thousand epochs over several seeds inside a notebook; the emulation runs at the speed of the
 * float64 loop. The tests hold it to TensorFlow.js's float32 tolerance over the first epochs.
 */

const f = Math.fround;

/** σ(z) in float32: the exponential and the division computed in double, the result rounded once (as TF.js's cpu kernel stores it). */
function sigmoid32(z: number): number {
  return f(1 / (1 + Math.exp(-z)));
}

/** Per-sample SGD in emulated float32; mini-batches are not needed for the experiment and are refused. */
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
    return {
      step(order, start, end, lr) {
        if (end - start !== 1) throw new Error("the float32 emulation trains with batch size 1 only");
        const off = order[start] * n;
        const eta = f(lr);
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
        for (let j = 0; j < h; j++)
          for (let k = 0; k < n; k++) W2[j * n + k] = f(W2[j * n + k] - f(eta * f(o1[j] * d2[k])));
        for (let k = 0; k < n; k++) B2[k] = f(B2[k] - f(eta * d2[k]));
        for (let i = 0; i < n; i++)
          for (let j = 0; j < h; j++) W1[i * h + j] = f(W1[i * h + j] - f(eta * f(xs[off + i] * alpha[j])));
        for (let j = 0; j < h; j++) B1[j] = f(B1[j] - f(eta * alpha[j]));
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
export function float32Mechanism(setup: TrainingSetup): Mechanism {
  if ((setup.batchSize ?? 1) !== 1) throw new Error("the float32 experiment runs at batch size 1");
  const tick = runCounter(setup, 2 * setup.seeds.length);
  const pairs = setup.seeds.map((s) => {
    const init = initForSeed(s, setup.trainX.cols, setup.hidden, setup.initScheme);
    const options = { epochs: setup.epochs, lr: setup.lr, seed: s };
    return {
      backprop: tick(train(backpropMethod, init, setup.trainX, setup.testX, options)),
      autograd: tick(train(float32BackpropMethod, init, setup.trainX, setup.testX, options)),
    };
  });
  return {
    name: "float32 arithmetic",
    differs:
      "the precision: float64 for backprop, float32 (emulated with Math.fround) for autograd, as PyTorch's default",
    pairs,
  };
}
