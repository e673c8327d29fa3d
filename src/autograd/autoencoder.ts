import { type Matrix, shape } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { type Gradients } from "../model/backward";
import { type Tensor, param, constant } from "./tensor";
import { floats } from "./storage";
import { backward } from "./backward";
import { matmul } from "./ops/matmul";
import { add } from "./ops/elementwise";
import { sigmoid } from "./ops/activations";
import { squaredError } from "./ops/composite";

/** The autoencoder's parameters as tensors, named as in the derivation. */
export interface ParamTensors {
  W1: Tensor; // n×h
  B1: Tensor; // 1×h
  W2: Tensor; // h×n
  B2: Tensor; // 1×n
}

/**
 * Parameter tensors that share their numbers with `p`: an update through either shows in both. The
 * biases become rows (1×h, 1×n) because samples are rows here; an h×1 column and a 1×h row hold the
 * same numbers in the same order, so no copy is needed.
 */
export function paramTensors(p: Params): ParamTensors {
  const { n, h } = paramSizes(p);
  return {
    W1: param(n, h, p.W1.data, "W1"),
    B1: param(1, h, p.B1.data, "B1"),
    W2: param(h, n, p.W2.data, "W2"),
    B2: param(1, n, p.B2.data, "B2"),
  };
}

/** Every tensor of one forward pass and its loss, under the derivation's names. */
export interface AutoencoderGraph {
  x: Tensor;
  I1: Tensor;
  O1: Tensor;
  I2: Tensor;
  O2: Tensor;
  E: Tensor;
}

/**
 * The forward pass and loss for a batch X (B×n, one sample per row), recorded for backward. Row b of
 * X·W1 + B1 is (W1ᵀx_b + B1)ᵀ, the derivation's I1 for sample b, so with B = 1 every tensor is the
 * transpose of the derivation's column vector and E is the sample's E = Σ(x̂ − x)². With B > 1, E is
 * the mean of the per-sample E.
 */
export function autoencoderForward(P: ParamTensors, X: Tensor): AutoencoderGraph {
  if (X.cols !== P.W1.rows) {
    throw new Error(`autoencoder: the batch is ${shape(X)} but the network has ${P.W1.rows} inputs`);
  }
  const I1 = add(matmul(X, P.W1).named(`${X.name || "x"}·W1`), P.B1).named("I1");
  const O1 = sigmoid(I1).named("O1");
  const I2 = add(matmul(O1, P.W2).named("O1·W2"), P.B2).named("I2");
  const O2 = sigmoid(I2).named("O2");
  const E = squaredError(O2, X).named("E");
  return { x: X, I1, O1, I2, O2, E };
}

/** The rows order[start … end) of `data` as a B×n input tensor, named x for one sample and X for a batch. */
export function batchTensor(data: Matrix, order: ArrayLike<number>, start: number, end: number): Tensor {
  const n = data.cols;
  const src = data.data;
  const rows = floats((end - start) * n);
  for (let r = start, dst = 0; r < end; r++) {
    const off = order[r] * n;
    for (let i = 0; i < n; i++) rows[dst++] = src[off + i];
  }
  return constant(end - start, n, rows, end - start === 1 ? "x" : "X");
}

/**
 * The engine's gradients of the mean per-sample E over the rows of X (N×n), at p, shaped like the
 * parameters as the hand derivation's Gradients are (biases as columns). p is not changed.
 */
export function autogradGradients(p: Params, X: Matrix): Gradients {
  const P = paramTensors(p);
  const all = Array.from({ length: X.rows }, (_, i) => i);
  backward(autoencoderForward(P, batchTensor(X, all, 0, X.rows)).E);
  const g = (t: Tensor, rows: number, cols: number): Matrix => ({ rows, cols, data: t.grad!.slice() });
  return {
    dE_dW1: g(P.W1, P.W1.rows, P.W1.cols),
    dE_dB1: g(P.B1, P.B1.cols, 1),
    dE_dW2: g(P.W2, P.W2.rows, P.W2.cols),
    dE_dB2: g(P.B2, P.B2.cols, 1),
  };
}
