import { type Matrix, shape } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { type Gradients } from "../model/gradients";
import { type Tensor, param, constant } from "./tensor";
import { backward } from "./backward";
import { add, matmul, sigmoid, sub, square, sum, mulScalar } from "./ops";

/** The autoencoder's parameters as tensors, named as in the derivation. */
export interface ParamTensors {
  W1: Tensor; // n×h
  B1: Tensor; // 1×h
  W2: Tensor; // h×n
  B2: Tensor; // 1×n
}

/**
 * Parameter tensors that share their numbers with `p`, so an update through either shows in both. The
 * biases become rows (1×h, 1×n) because samples are rows here; an h×1 column and a 1×h row hold the same
 * numbers in the same order.
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
 * The forward pass and loss for a batch X (B×n, one sample per row). Row b of X·W1 + B1 is (W1ᵀx_b + B1)ᵀ,
 * the derivation's I1 for sample b lying down, so for B = 1 every tensor is the transpose of the
 * derivation's column and E is the sample's Σ(x̂ − x)². For B > 1, E is the mean of the per-sample E.
 */
export function autoencoderForward(P: ParamTensors, X: Tensor): AutoencoderGraph {
  if (X.cols !== P.W1.rows)
    throw new Error(`autoencoder: the batch is ${shape(X)} but the network has ${P.W1.rows} inputs`);
  const I1 = add(matmul(X, P.W1).named("x·W1"), P.B1).named("I1");
  const O1 = sigmoid(I1).named("O1");
  const I2 = add(matmul(O1, P.W2).named("O1·W2"), P.B2).named("I2");
  const O2 = sigmoid(I2).named("O2");
  return { x: X, I1, O1, I2, O2, E: squaredError(O2, X).named("E") };
}

/**
 * The mean over the rows (samples) of Σ(x̂ − x)², built from primitives so it needs no backward of its own.
 * For one sample it is the derivation's E; for a batch its gradient is the mean of the per-sample ones.
 */
export function squaredError(xHat: Tensor, x: Tensor): Tensor {
  if (xHat.rows !== x.rows || xHat.cols !== x.cols)
    throw new Error(`squaredError: shapes ${shape(xHat)} and ${shape(x)} differ`);
  const total = sum(square(sub(xHat, x).named("x̂ − x")).named("(x̂ − x)²"));
  return xHat.rows === 1 ? total : mulScalar(total, 1 / xHat.rows);
}

/** The rows order[start … end) of `data` as a B×n input tensor, named x for one sample and X for a batch. */
export function batchTensor(data: Matrix, order: ArrayLike<number>, start: number, end: number): Tensor {
  const n = data.cols;
  const rows = new Float64Array((end - start) * n);
  for (let r = start; r < end; r++) for (let j = 0; j < n; j++) rows[(r - start) * n + j] = data.data[order[r] * n + j];
  return constant(end - start, n, rows, end - start === 1 ? "x" : "X");
}

/** The engine's gradients of the mean per-sample E over the rows of X at p (p is not changed), biases as columns. */
export function autogradGradients(p: Params, X: Matrix): Gradients {
  const P = paramTensors(p);
  backward(autoencoderForward(P, constant(X.rows, X.cols, X.data)).E);
  const g = (t: Tensor, like: Matrix): Matrix => ({ rows: like.rows, cols: like.cols, data: t.grad!.data.slice() });
  return { dE_dW1: g(P.W1, p.W1), dE_dB1: g(P.B1, p.B1), dE_dW2: g(P.W2, p.W2), dE_dB2: g(P.B2, p.B2) };
}
