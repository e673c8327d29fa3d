import { type Matrix } from "../linalg/matrix";
import { isGradEnabled } from "./nograd";
import { floats } from "./storage";

/** An op's backward: adds (local derivative × out.grad) into the gradient of each parent that requires grad. */
export type BackwardFn = (out: Tensor) => void;

const NO_PARENTS: readonly Tensor[] = [];

/**
 * A matrix that remembers how it was made. Ops (ops/*.ts) create a Tensor per result and record the
 * parents it came from and the function that sends its gradient back to them; backward.ts walks those
 * records from the loss to the leaves. Samples are rows: a batch is B×n.
 *
 * A Tensor is a Matrix (rows, cols, row-major Float64Array), so a parameter tensor can share its numbers
 * with a Params matrix and every Matrix helper prints or compares it.
 */
export class Tensor implements Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /**
   * ∂root/∂this, laid out like data. Allocated by the first backward that reaches this tensor (most
   * tensors of a per-sample graph never need one before then), so it stays null until then.
   */
  grad: Float64Array | null = null;
  /** True for parameters, and for results of ops on them computed while grad mode is on. */
  readonly requiresGrad: boolean;
  /** The op that made it ("leaf" for inputs and parameters): for error messages and the graph picture. */
  readonly op: string;
  /** The tensors it was computed from; recorded only when it requires grad. */
  readonly parents: readonly Tensor[];
  /** The op's backward; null for leaves and for results that need no gradient. */
  readonly backwardFn: BackwardFn | null;
  /** A constant the op's backward needs besides the tensors (the factor of mulScalar); 0 otherwise. */
  readonly scalar: number;
  /** The derivation's name for it (x, W1, I1, E …), shown in the graph picture; "" when unnamed. */
  name = "";
  /** Bookkeeping of backward's topological sort (see backward.ts). */
  visitMark = 0;

  constructor(
    rows: number,
    cols: number,
    data: Float64Array,
    requiresGrad: boolean,
    op: string,
    parents: readonly Tensor[] = NO_PARENTS,
    backwardFn: BackwardFn | null = null,
    scalar = 0,
  ) {
    if (data.length !== rows * cols) {
      throw new Error(`tensor: ${data.length} values do not fill a ${rows}×${cols} tensor`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.parents = parents;
    this.backwardFn = backwardFn;
    this.scalar = scalar;
  }

  /** Gives the tensor a name for the graph picture; returns it, so `matmul(x, W1).named("x·W1")` reads inline. */
  named(name: string): this {
    this.name = name;
    return this;
  }
}

/** A leaf that gradients flow to: a parameter. It shares `values` (no copy), so updates show through. */
export function param(rows: number, cols: number, values: Float64Array, name = ""): Tensor {
  return new Tensor(rows, cols, values, true, "leaf").named(name);
}

/** A leaf that gradients do not flow to: an input or a target. It shares `values` (no copy). */
export function constant(rows: number, cols: number, values: Float64Array, name = ""): Tensor {
  return new Tensor(rows, cols, values, false, "leaf").named(name);
}

/** A parameter or constant sharing a Matrix's numbers. */
export function fromMatrix(m: Matrix, { requiresGrad = false, name = "" } = {}): Tensor {
  return requiresGrad ? param(m.rows, m.cols, m.data, name) : constant(m.rows, m.cols, m.data, name);
}

/**
 * The result tensor of an op on `inputs`, with zeroed data for the op to fill. It records the inputs and
 * the backward only if grad mode is on and some input requires grad; otherwise it is a plain value.
 */
export function result(
  op: string,
  rows: number,
  cols: number,
  inputs: readonly Tensor[],
  backwardFn: BackwardFn,
  scalar = 0,
): Tensor {
  const data = floats(rows * cols);
  let requiresGrad = false;
  if (isGradEnabled()) for (let i = 0; i < inputs.length; i++) requiresGrad ||= inputs[i].requiresGrad;
  return requiresGrad
    ? new Tensor(rows, cols, data, true, op, inputs, backwardFn, scalar)
    : new Tensor(rows, cols, data, false, op);
}

/** The gradient buffer of t, allocated (zeros) the first time something is added into it. */
export function gradOf(t: Tensor): Float64Array {
  if (t.grad === null) t.grad = floats(t.data.length);
  return t.grad;
}
