import { shape } from "../../linalg/matrix";
import { type Tensor, result, gradOf } from "../tensor";

/*
 * Loop order: in this project the inner dimensions (n, h = 3, 2) are tiny and the batch dimension r is
 * up to thousands, so every loop below runs over the batch rows innermost, where the loop is long.
 */

/** C = A·B for A r×k and B k×c. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.cols !== b.rows) throw new Error(`matmul: shapes ${shape(a)} and ${shape(b)} do not chain`);
  const out = result("matmul", a.rows, b.cols, [a, b], matmulBackward);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  const r = a.rows;
  const k = a.cols;
  const c = b.cols;
  for (let j = 0; j < c; j++) {
    for (let m = 0; m < k; m++) {
      const bmj = B[m * c + j]; // C[:, j] += A[:, m] B[m, j]
      for (let i = 0; i < r; i++) C[i * c + j] += A[i * k + m] * bmj;
    }
  }
  return out;
}

/** dA += dC·Bᵀ and dB += Aᵀ·dC. */
function matmulBackward(out: Tensor): void {
  const [a, b] = out.parents;
  const A = a.data;
  const B = b.data;
  const dC = out.grad!;
  const r = a.rows;
  const k = a.cols;
  const c = b.cols;
  if (a.requiresGrad) {
    const dA = gradOf(a);
    for (let m = 0; m < k; m++) {
      for (let j = 0; j < c; j++) {
        const bmj = B[m * c + j]; // dA[:, m] += dC[:, j] B[m, j]
        for (let i = 0; i < r; i++) dA[i * k + m] += dC[i * c + j] * bmj;
      }
    }
  }
  if (b.requiresGrad) {
    const dB = gradOf(b);
    for (let m = 0; m < k; m++) {
      for (let j = 0; j < c; j++) {
        let s = 0; // dB[m, j] += Σ_i A[i, m] dC[i, j]
        for (let i = 0; i < r; i++) s += A[i * k + m] * dC[i * c + j];
        dB[m * c + j] += s;
      }
    }
  }
}

/** Aᵀ. */
export function transpose(a: Tensor): Tensor {
  const out = result("transpose", a.cols, a.rows, [a], transposeBackward);
  const A = a.data;
  const T = out.data;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) T[j * a.rows + i] = A[i * a.cols + j];
  return out;
}

/** dA += (dT)ᵀ. */
function transposeBackward(out: Tensor): void {
  const [a] = out.parents;
  const dT = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) dA[i * a.cols + j] += dT[j * a.rows + i];
}
