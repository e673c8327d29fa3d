import { type Tensor, result, gradOf } from "../tensor";

/** Σ of all elements, as a 1×1 tensor. */
export function sum(a: Tensor): Tensor {
  const out = result("sum", 1, 1, [a], sumBackward);
  const A = a.data;
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i];
  out.data[0] = s;
  return out;
}

/** Every element contributed with weight 1: dA += dS. */
function sumBackward(out: Tensor): void {
  const [a] = out.parents;
  const dS = out.grad![0];
  const dA = gradOf(a);
  for (let i = 0; i < dA.length; i++) dA[i] += dS;
}

/** The mean of all elements, as a 1×1 tensor. */
export function mean(a: Tensor): Tensor {
  const out = result("mean", 1, 1, [a], meanBackward);
  const A = a.data;
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i];
  out.data[0] = s / A.length;
  return out;
}

/** Every element contributed with weight 1/count: dA += dM / count. */
function meanBackward(out: Tensor): void {
  const [a] = out.parents;
  const dA = gradOf(a);
  const d = out.grad![0] / dA.length;
  for (let i = 0; i < dA.length; i++) dA[i] += d;
}
