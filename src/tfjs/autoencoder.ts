import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { type Gradients } from "../model/gradients";
import { tf } from "./tf";

/**
 * How closely TF.js can agree with the float64 paths, and why. TF.js's cpu backend computes in float32,
 * whose unit roundoff is u = 2⁻²⁴ ≈ 6.0e-8 (float64: 1.1e-16).
 *
 * - gradient: one gradient rounds the weights and the sample to float32 (relative error u each) and
 *   then runs about a dozen float32 ops, each adding at most u. An entry can still lose all of its
 *   relative accuracy when it is a small sum of terms of mixed sign (∂E/∂O2 = 2(x̂ − x) is small when
 *   the reconstruction is good), but its absolute error stays of order u × the size of the terms, and
 *   those are of the size of the largest gradient entry. So the bound is absolute, scaled by max|g|:
 *   |g_tfjs − g| ≤ gradient · max|g|. Measured on 200 random samples and weights of a 3-2-3 network:
 *   at most 12u·max|g| per sample, 1.1u·max|g| for the mean over 40 samples (while single entries
 *   differed relatively by up to 4400u). The bound 1e-5 ≈ 170u leaves a margin of 14×.
 * - history, weights: in training every update also rounds each weight to float32 (relative u), so the
 *   weights random-walk away from the float64 run by about √steps · u · |W|. Measured after 10 epochs
 *   of 48 samples on two seeds (one is test/tfjs.test.ts's): at batch 1 (480 updates) epoch errors within
 *   1.5e-7 relative and weights within 1.5e-6 absolute; at batch 16, 1.7e-8 and 2.5e-7. The bounds 1e-5
 *   (relative on the errors, absolute on the weights) leave a margin of 7× or more. Longer runs drift
 *   further: compare TF.js over a few hundred updates, not thousands.
 */
export const FLOAT32_TOLERANCE = { gradient: 1e-5, history: 1e-5, weights: 1e-5 } as const;

/** The autoencoder's parameters as TF.js tensors, biases as rows (samples are rows, as in the engine). */
export interface TfParams {
  W1: tf.Tensor2D; // n×h
  B1: tf.Tensor2D; // 1×h
  W2: tf.Tensor2D; // h×n
  B2: tf.Tensor2D; // 1×n
}

/** The float64 parameters as (float32) TF.js tensors; the caller disposes them. */
export function toTfParams(p: Params): TfParams {
  const { n, h } = paramSizes(p);
  return {
    W1: tf.tensor2d(Float32Array.from(p.W1.data), [n, h]),
    B1: tf.tensor2d(Float32Array.from(p.B1.data), [1, h]),
    W2: tf.tensor2d(Float32Array.from(p.W2.data), [h, n]),
    B2: tf.tensor2d(Float32Array.from(p.B2.data), [1, n]),
  };
}

/**
 * The mean over the rows of X (B×n) of E = Σ(x̂ − x)², written with TF.js ops exactly like the engine's
 * forward: I1 = X·W1 + B1, O1 = σ(I1), I2 = O1·W2 + B2, O2 = σ(I2).
 */
export function tfLoss(P: TfParams, X: tf.Tensor2D): tf.Scalar {
  const I1 = tf.add(tf.matMul(X, P.W1), P.B1);
  const O1 = tf.sigmoid(I1);
  const I2 = tf.add(tf.matMul(O1, P.W2), P.B2);
  const O2 = tf.sigmoid(I2);
  return tf.mean(tf.sum(tf.square(tf.sub(O2, X)), 1)); // the mean over samples of each sample's Σ(x̂ − x)²
}

/**
 * TF.js's gradients (tf.grads) of the mean per-sample E over the rows of X at p, back in float64 and
 * shaped like the hand derivation's Gradients. Every tensor it makes is disposed before it returns.
 */
export function tfjsGradients(p: Params, X: Matrix): Gradients {
  const { n, h } = paramSizes(p);
  const grads = tf.tidy(() => {
    const P = toTfParams(p);
    const Xt = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
    const grad = tf.grads((W1: tf.Tensor, B1: tf.Tensor, W2: tf.Tensor, B2: tf.Tensor) =>
      tfLoss({ W1: W1 as tf.Tensor2D, B1: B1 as tf.Tensor2D, W2: W2 as tf.Tensor2D, B2: B2 as tf.Tensor2D }, Xt),
    );
    return grad([P.W1, P.B1, P.W2, P.B2]); // tidy keeps the tensors it returns
  });
  const arrays = grads.map((g) => Float64Array.from(g.dataSync()));
  tf.dispose(grads);
  return {
    dE_dW1: { rows: n, cols: h, data: arrays[0] },
    dE_dB1: { rows: h, cols: 1, data: arrays[1] },
    dE_dW2: { rows: h, cols: n, data: arrays[2] },
    dE_dB2: { rows: n, cols: 1, data: arrays[3] },
  };
}
