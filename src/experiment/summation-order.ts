import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams, paramSizes } from "../model/params";
import { sigmoid } from "../model/sigmoid";
import { type GradientMethod } from "../train/method";

/*
 * A second, equally correct float64 implementation of the hand-derived step that performs the same arithmetic
 * in another order, as another library's kernels would: each pre-activation starts from the bias and adds the
 * products from the last input to the first, the product 2(x̂ − x)·x̂·(1 − x̂) is taken left to right, the
 * back-propagated sum runs backwards, and a mini-batch's gradients are summed from its last row to its first.
 * Every result is the same real number as in src/model/fused.ts; only the rounding of the intermediate sums
 * differs, by an ulp here and there. It exists to show what such last-bit differences do in training: nothing
 * visible at a small learning rate, and at a large one (where per-sample SGD is chaotic) they grow until two
 * correct implementations part as far as two seeds (the learning-rate sweep).
 */

export const reorderedBackpropMethod: GradientMethod = {
  name: "backprop, other summation order",
  start(init: Params, trainX: Matrix) {
    const { n, h } = paramSizes(init);
    const p = cloneParams(init);
    const xs = trainX.data;
    const W1 = p.W1.data;
    const B1 = p.B1.data;
    const W2 = p.W2.data;
    const B2 = p.B2.data;
    const O1 = new Float64Array(h);
    const dE_dI2 = new Float64Array(n);
    const alpha = new Float64Array(h);
    // Gradient sums over a mini-batch, laid out like W1, B1, W2, B2.
    const gW1 = new Float64Array(n * h);
    const gB1 = new Float64Array(h);
    const gW2 = new Float64Array(h * n);
    const gB2 = new Float64Array(n);

    /** Adds the gradient of the sample at xs[off …] to the sums. */
    const accumulate = (off: number): void => {
      for (let j = 0; j < h; j++) {
        let I1 = B1[j]; // B1 + W1ᵀx, from the last input to the first
        for (let i = n - 1; i >= 0; i--) I1 += W1[i * h + j] * xs[off + i];
        O1[j] = sigmoid(I1);
      }
      for (let k = 0; k < n; k++) {
        let I2 = B2[k]; // B2 + W2ᵀO1, backwards
        for (let j = h - 1; j >= 0; j--) I2 += W2[j * n + k] * O1[j];
        const O2 = sigmoid(I2);
        dE_dI2[k] = 2 * (O2 - xs[off + k]) * O2 * (1 - O2); // left to right
      }
      for (let j = 0; j < h; j++) {
        let s = 0; // W2 ∂E/∂I2, backwards
        for (let k = n - 1; k >= 0; k--) s += W2[j * n + k] * dE_dI2[k];
        alpha[j] = s * O1[j] * (1 - O1[j]);
      }
      for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) gW2[j * n + k] += O1[j] * dE_dI2[k];
      for (let k = 0; k < n; k++) gB2[k] += dE_dI2[k];
      for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) gW1[i * h + j] += xs[off + i] * alpha[j];
      for (let j = 0; j < h; j++) gB1[j] += alpha[j];
    };

    return {
      step(order, start, end, lr) {
        for (const g of [gW1, gB1, gW2, gB2]) g.fill(0);
        for (let r = end - 1; r >= start; r--) accumulate(order[r] * n);
        const count = end - start;
        const apply = (w: Float64Array, g: Float64Array): void => {
          for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] / count); // the batch mean, then the step
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
