import { type Matrix, zeros } from "../linalg/matrix";
import { type Params, paramSizes, cloneParams } from "../model/params";
import { sigmoid } from "../model/sigmoid";
import { Rng, streamSeed } from "../random/prng";

/**
 * The same n-h-n network with a LINEAR output layer: I1 = W1ᵀx + B1, O1 = σ(I1), x̂ = I2 = W2ᵀO1 + B2.
 * It is the control for "what does the sigmoid output cost?": the hidden layer is unchanged, only σ at
 * the output is gone, so x̂ can reach the targets 0 and 1 without I2 running off to ±∞ and its error
 * signal is not damped by σ'(I2) ≤ ¼.
 */
export function linearOutputReconstruct(p: Params, X: Matrix): Matrix {
  const { n, h } = paramSizes(p);
  if (X.cols !== n) throw new Error(`linearOutputReconstruct: data has ${X.cols} columns, the network ${n} inputs`);
  const out = zeros(X.rows, n);
  const o1 = new Float64Array(h);
  for (let r = 0; r < X.rows; r++) {
    hidden(p, X.data, r * n, o1);
    for (let k = 0; k < n; k++) out.data[r * n + k] = outputUnit(p, o1, k);
  }
  return out;
}

/** Mean per-sample E = Σ(x̂ − x)² of the linear-output network on X. */
export function linearOutputError(p: Params, X: Matrix): number {
  const R = linearOutputReconstruct(p, X);
  let total = 0;
  for (let i = 0; i < X.data.length; i++) total += (R.data[i] - X.data[i]) ** 2;
  return total / X.rows;
}

export interface LinearOutputGradients {
  dE_dW1: Float64Array;
  dE_dB1: Float64Array;
  dE_dW2: Float64Array;
  dE_dB2: Float64Array;
}

/**
 * The per-sample gradients, the derivation of notebook 1 with ∂O2/∂I2 = 1:
 * ∂E/∂I2 = 2(x̂ − x), ∂E/∂W2 = O1 (∂E/∂I2)ᵀ, ∂E/∂B2 = ∂E/∂I2, α = (W2 ∂E/∂I2) ⊙ σ'(I1),
 * ∂E/∂W1 = x αᵀ, ∂E/∂B1 = α.
 */
export function linearOutputGradients(p: Params, x: ArrayLike<number>): LinearOutputGradients {
  const { n, h } = paramSizes(p);
  if (x.length !== n) throw new Error(`linearOutputGradients: sample has ${x.length} values, the network ${n} inputs`);
  const xs = Float64Array.from(x);
  const o1 = new Float64Array(h);
  hidden(p, xs, 0, o1);
  const dE_dI2 = Float64Array.from({ length: n }, (_, k) => 2 * (outputUnit(p, o1, k) - xs[k]));
  const dE_dW2 = new Float64Array(h * n);
  for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) dE_dW2[j * n + k] = o1[j] * dE_dI2[k];
  const alpha = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += p.W2.data[j * n + k] * dE_dI2[k];
    alpha[j] = s * o1[j] * (1 - o1[j]);
  }
  const dE_dW1 = new Float64Array(n * h);
  for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) dE_dW1[i * h + j] = xs[i] * alpha[j];
  return { dE_dW1, dE_dB1: alpha, dE_dW2, dE_dB2: dE_dI2 };
}

export interface LinearOutputRun {
  params: Params;
  trainError: number;
  testError: number | null;
}

/**
 * Per-sample SGD for the linear-output network, with the trainer's conventions: rows reshuffled every epoch
 * by the seed's "shuffle" stream (the same order the sigmoid network sees), W ← W − η ∂E/∂W after each row.
 */
export function trainLinearOutput(
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: { epochs: number; lr: number; seed?: number },
): LinearOutputRun {
  const { n } = paramSizes(init);
  if (trainX.cols !== n) throw new Error(`trainLinearOutput: data has ${trainX.cols} columns, the network ${n} inputs`);
  const p = cloneParams(init);
  const rng = new Rng(streamSeed(options.seed ?? 0, "shuffle"));
  const order = new Uint32Array(trainX.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const step = sgdStepper(p);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    rng.shuffle(order);
    for (const r of order) step(trainX.data, r * n, options.lr);
  }
  const trainError = linearOutputError(p, trainX);
  if (!Number.isFinite(trainError))
    throw new Error(`trainLinearOutput: the error became ${trainError} (try a smaller learning rate)`);
  return { params: p, trainError, testError: testX && testX.rows > 0 ? linearOutputError(p, testX) : null };
}

function hidden(p: Params, xs: ArrayLike<number>, off: number, o1: Float64Array): void {
  const n = p.W1.rows;
  const h = p.W1.cols;
  for (let j = 0; j < h; j++) {
    let s = p.B1.data[j];
    for (let i = 0; i < n; i++) s += p.W1.data[i * h + j] * xs[off + i];
    o1[j] = sigmoid(s);
  }
}

function outputUnit(p: Params, o1: Float64Array, k: number): number {
  const n = p.W2.cols;
  let s = p.B2.data[k];
  for (let j = 0; j < o1.length; j++) s += p.W2.data[j * n + k] * o1[j];
  return s;
}

/**
 * One SGD step on p in place, for the sample at xs[off … off+n): linearOutputGradients' formulas with
 * preallocated buffers (training calls it ~10⁵ times; allocating four arrays per call tripled its time).
 * All gradients are taken at the old weights: α reads W2 before W2 is updated.
 */
function sgdStepper(p: Params): (xs: Float64Array, off: number, lr: number) => void {
  const n = p.W1.rows;
  const h = p.W1.cols;
  const o1 = new Float64Array(h);
  const d2 = new Float64Array(n);
  const alpha = new Float64Array(h);
  const W1 = p.W1.data;
  const B1 = p.B1.data;
  const W2 = p.W2.data;
  const B2 = p.B2.data;
  return (xs, off, lr) => {
    hidden(p, xs, off, o1);
    for (let k = 0; k < n; k++) d2[k] = 2 * (outputUnit(p, o1, k) - xs[off + k]); // ∂E/∂I2
    for (let j = 0; j < h; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += W2[j * n + k] * d2[k];
      alpha[j] = s * o1[j] * (1 - o1[j]); // α = (W2 ∂E/∂I2) ⊙ σ'(I1)
    }
    for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) W2[j * n + k] -= lr * (o1[j] * d2[k]);
    for (let k = 0; k < n; k++) B2[k] -= lr * d2[k];
    for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) W1[i * h + j] -= lr * (xs[off + i] * alpha[j]);
    for (let j = 0; j < h; j++) B1[j] -= lr * alpha[j];
  };
}
