import { type Matrix, matmul as mm, matmulABt, matmulAtB, zip, map, scale, shape } from "../linalg/matrix";
import { sigmoid as sigma } from "../model/sigmoid";
import { type Tensor, result } from "./tensor";

/*
 * The primitive ops. Each computes its value with the Matrix helpers of linalg/ and, right below, the
 * backward that turns the gradient of its output into the gradients of its inputs (one function per
 * input, in the order of the inputs). backward.ts adds those up and checks their shapes.
 */

/** C = A·B. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return result("matmul", mm(a, b), [a, b], (dC) => [
    () => matmulABt(dC, b), // dA = dC·Bᵀ
    () => matmulAtB(a, dC), // dB = Aᵀ·dC
  ]);
}

/** A + B, where B may be a 1×c row added to every row of A (a bias, broadcast over the batch). */
export function add(a: Tensor, b: Tensor): Tensor {
  const C = broadcast("add", a, b, (x, y) => x + y);
  return result("add", C, [a, b], (dC) => [() => dC, () => unbroadcast(dC, b)]);
}

/** A − B, with B broadcast as in add. */
export function sub(a: Tensor, b: Tensor): Tensor {
  const C = broadcast("sub", a, b, (x, y) => x - y);
  return result("sub", C, [a, b], (dC) => [() => dC, () => scale(unbroadcast(dC, b), -1)]);
}

/** A ⊙ B, element by element. For mul(x, x) both gradients go to x and add up to 2x·dC. */
export function mul(a: Tensor, b: Tensor): Tensor {
  const C = zip(a, b, (x, y) => x * y, "mul");
  return result("mul", C, [a, b], (dC) => [() => zip(dC, b, (g, y) => g * y), () => zip(dC, a, (g, x) => g * x)]);
}

/** s·A for a number s. */
export function mulScalar(a: Tensor, s: number): Tensor {
  return result("mulScalar", scale(a, s), [a], (dC) => [() => scale(dC, s)]);
}

/** A², element by element. */
export function square(a: Tensor): Tensor {
  const C = map(a, (x) => x * x);
  return result("square", C, [a], (dC) => [() => zip(dC, a, (g, x) => 2 * x * g)]);
}

/** σ(A), element by element. Its backward needs σ' = y(1 − y), so it keeps its output y. */
export function sigmoid(a: Tensor): Tensor {
  const y = map(a, sigma);
  return result("sigmoid", y, [a], (dY) => [() => zip(dY, y, (g, v) => g * (v * (1 - v)))]);
}

/** Σ of all elements, 1×1. Every element counts once, so each gets the output's gradient. */
export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i];
  return result("sum", { rows: 1, cols: 1, data: Float64Array.of(s) }, [a], (dS) => [() => map(a, () => dS.data[0])]);
}

/** f(A, B) element by element, B either A's shape or a 1×c row repeated down A's rows. */
function broadcast(op: string, a: Matrix, b: Matrix, f: (x: number, y: number) => number): Matrix {
  const row = b.rows === 1 && b.cols === a.cols;
  if (!row && (b.rows !== a.rows || b.cols !== a.cols)) {
    throw new Error(
      `${op}: shapes ${shape(a)} and ${shape(b)} do not match (the second must be ${shape(a)} or 1×${a.cols})`,
    );
  }
  const C = new Float64Array(a.data.length);
  for (let i = 0; i < C.length; i++) C[i] = f(a.data[i], b.data[row ? i % a.cols : i]);
  return { rows: a.rows, cols: a.cols, data: C };
}

/** The gradient for an input that was broadcast: a row repeated down the rows collects all of their gradients. */
function unbroadcast(dC: Matrix, b: Matrix): Matrix {
  if (b.rows === dC.rows) return dC;
  const s = new Float64Array(dC.cols);
  for (let i = 0; i < dC.data.length; i++) s[i % dC.cols] += dC.data[i];
  return { rows: 1, cols: dC.cols, data: s };
}
