import { shape } from "../../linalg/matrix";
import { type BackwardFn, type Tensor, result, gradOf } from "../tensor";

/**
 * Checks that b has a's shape or is a 1×cols row; true for the row, which add and sub broadcast across
 * a's rows (the bias of a layer, added to every sample of a batch).
 */
function broadcastsRow(op: string, a: Tensor, b: Tensor): boolean {
  if (a.rows === b.rows && a.cols === b.cols) return false;
  if (b.rows === 1 && b.cols === a.cols) return true;
  throw new Error(
    `${op}: shapes ${shape(a)} and ${shape(b)} do not match (the second must be ${shape(a)} or 1×${a.cols})`,
  );
}

/** A + B, or A + 1·b with the 1×c row b added to every row of A. */
export function add(a: Tensor, b: Tensor): Tensor {
  return addSigned("add", a, b, 1, addBackward);
}

/** dA += dC; dB += dC, summed over the rows it was broadcast to. */
function addBackward(out: Tensor): void {
  addInto(out, 1);
}

/** A − B, or A − 1·b with the 1×c row b subtracted from every row of A. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return addSigned("sub", a, b, -1, subBackward);
}

/**
 * The forward of add (sign 1) and sub (sign −1): A + sign·B, broadcasting a row b. Multiplying by ±1 is
 * exact in floating point, so sub's result is bitwise A − B.
 */
function addSigned(op: string, a: Tensor, b: Tensor, sign: 1 | -1, backwardFn: BackwardFn): Tensor {
  const row = broadcastsRow(op, a, b);
  const out = result(op, a.rows, a.cols, [a, b], backwardFn);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  if (row) {
    const c = a.cols;
    for (let j = 0; j < c; j++) {
      const bj = sign * B[j];
      for (let i = j; i < C.length; i += c) C[i] = A[i] + bj;
    }
  } else {
    for (let i = 0; i < C.length; i++) C[i] = A[i] + sign * B[i];
  }
  return out;
}

/** dA += dC; dB −= dC, summed over the rows it was broadcast to. */
function subBackward(out: Tensor): void {
  addInto(out, -1);
}

/** The shared backward of add (sign 1) and sub (sign −1). */
function addInto(out: Tensor, sign: number): void {
  const [a, b] = out.parents;
  const dC = out.grad!;
  if (a.requiresGrad) {
    const dA = gradOf(a);
    for (let i = 0; i < dC.length; i++) dA[i] += dC[i];
  }
  if (b.requiresGrad) {
    const dB = gradOf(b);
    if (b.rows === a.rows) {
      for (let i = 0; i < dC.length; i++) dB[i] += sign * dC[i];
    } else {
      const c = a.cols;
      for (let j = 0; j < c; j++) {
        let s = 0; // Σ over the rows b was added to
        for (let i = j; i < dC.length; i += c) s += dC[i];
        dB[j] += sign * s;
      }
    }
  }
}

/** A ⊙ B, element by element (no broadcasting). */
export function mul(a: Tensor, b: Tensor): Tensor {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`mul: shapes ${shape(a)} and ${shape(b)} differ`);
  const out = result("mul", a.rows, a.cols, [a, b], mulBackward);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = A[i] * B[i];
  return out;
}

/** dA += dC ⊙ B; dB += dC ⊙ A. For mul(x, x) both lines add into x's gradient: 2x·dC. */
function mulBackward(out: Tensor): void {
  const [a, b] = out.parents;
  const dC = out.grad!;
  if (a.requiresGrad) {
    const dA = gradOf(a);
    const B = b.data;
    for (let i = 0; i < dC.length; i++) dA[i] += dC[i] * B[i];
  }
  if (b.requiresGrad) {
    const dB = gradOf(b);
    const A = a.data;
    for (let i = 0; i < dC.length; i++) dB[i] += dC[i] * A[i];
  }
}

/** s·A for a number s (saved on the result for the backward). */
export function mulScalar(a: Tensor, s: number): Tensor {
  const out = result("mulScalar", a.rows, a.cols, [a], mulScalarBackward, s);
  const A = a.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = s * A[i];
  return out;
}

/** dA += s·dC. */
function mulScalarBackward(out: Tensor): void {
  const [a] = out.parents;
  const s = out.scalar;
  const dC = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < dC.length; i++) dA[i] += s * dC[i];
}

/** A², element by element. */
export function square(a: Tensor): Tensor {
  const out = result("square", a.rows, a.cols, [a], squareBackward);
  const A = a.data;
  const C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = A[i] * A[i];
  return out;
}

/** dA += 2A ⊙ dC. */
function squareBackward(out: Tensor): void {
  const [a] = out.parents;
  const A = a.data;
  const dC = out.grad!;
  const dA = gradOf(a);
  for (let i = 0; i < dC.length; i++) dA[i] += 2 * A[i] * dC[i];
}
