import { shape } from "../../linalg/matrix";
import { type Tensor } from "../tensor";
import { mulScalar, square, sub } from "./elementwise";
import { sum } from "./reductions";

/*
 * Ops built from the primitives: they need no backward of their own, because the primitives they are
 * made of already have one.
 */

/** −A. */
export function neg(a: Tensor): Tensor {
  return mulScalar(a, -1);
}

/**
 * The mean over the rows (samples) of the per-row squared error Σ(x̂ − x)²: for one sample (1×n) it is
 * the derivation's E = Σ(x̂ − x)² itself, and for a batch its gradient is the mean of the per-sample
 * gradients, which is what a mini-batch update uses.
 */
export function squaredError(xHat: Tensor, x: Tensor): Tensor {
  if (xHat.rows !== x.rows || xHat.cols !== x.cols) {
    throw new Error(`squaredError: shapes ${shape(xHat)} and ${shape(x)} differ`);
  }
  // The names are for the graph picture (src/graph); they cost one field write each.
  const total = sum(square(sub(xHat, x).named("x̂ − x")).named("(x̂ − x)²"));
  return xHat.rows === 1 ? total : mulScalar(total, 1 / xHat.rows);
}
