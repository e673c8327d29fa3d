import { type Matrix } from "../linalg/matrix";

/**
 * An op's backward: from ∂root/∂out it returns ∂root/∂(input k), k counting the op's inputs from 0.
 * backward.ts calls it only for the inputs that need a gradient, so a data batch costs nothing, and
 * adds the results into the inputs' gradients.
 */
export type BackwardFn = (dOut: Matrix, k: number) => Matrix;

/**
 * A matrix that remembers how it was made: the op, its inputs (`parents`) and the op's backward.
 * Samples are rows: a batch is B×n. A Tensor is a Matrix, so a parameter tensor can share its numbers
 * with a Params matrix, and every Matrix helper prints, compares or multiplies it.
 */
export class Tensor implements Matrix {
  /** ∂root/∂this, a matrix shaped like this tensor; null until a backward pass reaches it (and after zeroGrad). */
  grad: Matrix | null = null;
  /** The derivation's name for it (x, W1, I1, E …), shown in the graph picture; "" when unnamed. */
  name = "";

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
    /** True for parameters, and for results of ops on them computed while grad mode is on. */
    readonly requiresGrad: boolean,
    /** The op that made it ("leaf" for inputs and parameters), for error messages and the graph picture. */
    readonly op = "leaf",
    readonly parents: readonly Tensor[] = [],
    readonly backwardFn: BackwardFn | null = null,
  ) {
    if (data.length !== rows * cols)
      throw new Error(`tensor: ${data.length} values do not fill a ${rows}×${cols} tensor`);
  }

  /** Names the tensor for the graph picture and returns it, so `matmul(x, W1).named("x·W1")` reads inline. */
  named(name: string): this {
    this.name = name;
    return this;
  }
}

/** A leaf that gradients flow to: a parameter. It shares `values` (no copy), so updates show through. */
export function param(rows: number, cols: number, values: Float64Array, name = ""): Tensor {
  return new Tensor(rows, cols, values, true).named(name);
}

/** A leaf that gradients do not flow to: an input or a target. It shares `values` (no copy). */
export function constant(rows: number, cols: number, values: Float64Array, name = ""): Tensor {
  return new Tensor(rows, cols, values, false).named(name);
}

/** Grad mode (PyTorch's torch.no_grad): while it is off, ops compute values but record no graph. */
let gradEnabled = true;

/** Runs `fn` with recording off, and restores the previous mode even if `fn` throws. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** An op's output: it records the inputs and the backward only if grad mode is on and an input requires grad. */
export function result(op: string, value: Matrix, inputs: readonly Tensor[], backwardFn: BackwardFn): Tensor {
  const record = gradEnabled && inputs.some((t) => t.requiresGrad);
  return record
    ? new Tensor(value.rows, value.cols, value.data, true, op, inputs, backwardFn)
    : new Tensor(value.rows, value.cols, value.data, false, op);
}
