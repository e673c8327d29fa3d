import { type Matrix, matmul as mm, matmulABt, matmulAtB, scale, shape, full, sumRows, addRow } from "../linalg/matrix";
import { add as plus, sub as minus, hadamard } from "../linalg/matrix";
import { sigmoidOfMatrix, sigmoidGradient } from "../model/sigmoid";
import { type Tensor, result } from "./tensor";

/*
 * The primitive ops. Each computes its value with the Matrix helpers of linalg/ and, right below, the
 * backward that turns the gradient of its output into the gradient of its input number k (0 for the
 * first). backward.ts asks it for each input that needs a gradient, adds the results up and checks
 * their shapes.
 */

/** C = A·B. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  // k = 0: dA = dC·Bᵀ; k = 1: dB = Aᵀ·dC
  return result("matmul", mm(a, b), [a, b], (dC, k) => (k === 0 ? matmulABt(dC, b) : matmulAtB(a, dC)));
}

/** A + B, where B may be a 1×c row added to every row of A (a bias, broadcast over the batch). */
export function add(a: Tensor, b: Tensor): Tensor {
  const C = isRow("add", b, a) ? addRow(a, b) : plus(a, b);
  return result("add", C, [a, b], (dC, k) => (k === 0 ? dC : unbroadcast(dC, b)));
}

/** A − B, with B broadcast as in add. */
export function sub(a: Tensor, b: Tensor): Tensor {
  const C = isRow("sub", b, a) ? addRow(a, scale(b, -1)) : minus(a, b); // A + (−B) is exactly A − B
  return result("sub", C, [a, b], (dC, k) => (k === 0 ? dC : scale(unbroadcast(dC, b), -1)));
}

/** A ⊙ B, element by element. For mul(x, x) both gradients go to x and add up to 2x·dC. */
export function mul(a: Tensor, b: Tensor): Tensor {
  const C = hadamard(a, b, "mul");
  return result("mul", C, [a, b], (dC, k) => hadamard(dC, k === 0 ? b : a));
}

/** s·A for a number s. */
export function mulScalar(a: Tensor, s: number): Tensor {
  return result("mulScalar", scale(a, s), [a], (dC) => scale(dC, s));
}

/** A², element by element. */
export function square(a: Tensor): Tensor {
  return result("square", hadamard(a, a), [a], (dC) => hadamard(dC, scale(a, 2))); // dA = dC ⊙ 2A
}

/** σ(A), element by element. Its backward needs σ' = y(1 − y), so it keeps its output y. */
export function sigmoid(a: Tensor): Tensor {
  const y = sigmoidOfMatrix(a);
  return result("sigmoid", y, [a], (dY) => sigmoidGradient(dY, y));
}

/** Σ of all elements, 1×1. Every element counts once, so each gets the output's gradient. */
export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i];
  return result("sum", full(1, 1, s), [a], (dS) => full(a.rows, a.cols, dS.data[0]));
}

/** Whether B is a 1×c row to add to every row of A (false if B is shaped like A; an error otherwise). */
function isRow(op: string, b: Matrix, a: Matrix): boolean {
  if (b.rows === a.rows && b.cols === a.cols) return false;
  if (b.rows === 1 && b.cols === a.cols) return true;
  throw new Error(
    `${op}: shapes ${shape(a)} and ${shape(b)} do not match (the second must be ${shape(a)} or 1×${a.cols})`,
  );
}

/** The gradient for an input that was broadcast: a row repeated down the rows collects all of their gradients. */
function unbroadcast(dC: Matrix, b: Matrix): Matrix {
  return b.rows === dC.rows ? dC : sumRows(dC);
}
