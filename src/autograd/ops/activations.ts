import { sigmoid as sigma } from "../../model/sigmoid";
import { type Tensor, result, gradOf } from "../tensor";

/** σ(A) = 1 / (1 + e^(−A)), element by element (the same σ as the hand-derived path). */
export function sigmoid(a: Tensor): Tensor {
  const out = result("sigmoid", a.rows, a.cols, [a], sigmoidBackward);
  const A = a.data;
  const Y = out.data;
  for (let i = 0; i < Y.length; i++) Y[i] = sigma(A[i]);
  return out;
}

/** dA += dY ⊙ Y ⊙ (1 − Y): σ' from the saved output, no second exponential. */
function sigmoidBackward(out: Tensor): void {
  const [a] = out.parents;
  const Y = out.data;
  const dY = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < dY.length; i++) {
    const y = Y[i];
    dA[i] += dY[i] * (y * (1 - y));
  }
}

/** tanh(A), element by element. */
export function tanh(a: Tensor): Tensor {
  const out = result("tanh", a.rows, a.cols, [a], tanhBackward);
  const A = a.data;
  const Y = out.data;
  for (let i = 0; i < Y.length; i++) Y[i] = Math.tanh(A[i]);
  return out;
}

/** dA += dY ⊙ (1 − Y²), again from the saved output. */
function tanhBackward(out: Tensor): void {
  const [a] = out.parents;
  const Y = out.data;
  const dY = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < dY.length; i++) dA[i] += dY[i] * (1 - Y[i] * Y[i]);
}

/** max(A, 0), element by element. */
export function relu(a: Tensor): Tensor {
  const out = result("relu", a.rows, a.cols, [a], reluBackward);
  const A = a.data;
  const Y = out.data;
  for (let i = 0; i < Y.length; i++) Y[i] = A[i] > 0 ? A[i] : 0;
  return out;
}

/** dA += dY where A > 0 (the derivative at exactly 0 is taken as 0). */
function reluBackward(out: Tensor): void {
  const [a] = out.parents;
  const A = a.data;
  const dY = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < dY.length; i++) if (A[i] > 0) dA[i] += dY[i];
}
