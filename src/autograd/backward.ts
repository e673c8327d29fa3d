import { type Matrix, add, full, shape } from "../linalg/matrix";
import { type Tensor } from "./tensor";

/**
 * Reverse-mode differentiation from a 1×1 root (a loss): ∂root/∂root = 1, then each recorded op, the root
 * first, hands its output's gradient to its backward and adds what comes back into its inputs' gradients.
 * Reverse topological order makes a tensor's gradient complete before its op passes it on.
 *
 * Parameters (leaves) accumulate across calls until zeroGrad; intermediate tensors start from nothing in
 * every call, so calling backward twice adds the gradient to the leaves twice. A gradient matrix is never
 * changed once made (a sum is a new matrix), so tensors may share one: add passes its gradient on as it is.
 */
export function backward(root: Tensor): void {
  if (root.rows !== 1 || root.cols !== 1)
    throw new Error(`backward: the root must be 1×1 (a loss), got ${shape(root)}`);
  if (!root.requiresGrad) {
    throw new Error("backward: the root depends on no tensor that requires grad (was it computed under noGrad?)");
  }
  const order = topologicalOrder(root);
  for (const t of order) t.grad = null;
  accumulate(root, full(1, 1, 1), "backward", 0);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    for (let k = 0; k < t.parents.length; k++) {
      if (t.parents[k].requiresGrad) accumulate(t.parents[k], t.backwardFn!(t.grad!, k), t.op, k);
    }
  }
}

/** Adds g into t's gradient: the one place gradients are summed, and where a wrong shape is caught. */
function accumulate(t: Tensor, g: Matrix, op: string, k: number): void {
  if (g.rows !== t.rows || g.cols !== t.cols) {
    throw new Error(`${op}: the gradient for input ${k + 1} is ${shape(g)} but that input is ${shape(t)}`);
  }
  t.grad = t.grad === null ? g : add(t.grad, g);
}

/** Clears the gradients of `tensors` (usually the parameters) before the next backward, as if they were zero. */
export function zeroGrad(tensors: readonly Tensor[]): void {
  for (const t of tensors) t.grad = null;
}

/**
 * The recorded ops `root` depends on (the tensors an op made while grad mode was on), each after every op
 * it depends on, the root last: a depth-first search. Leaves (parameters, inputs) have no backward to run,
 * so they are left out; backward reaches them as the inputs of the ops. Recursive, which is fine for graphs
 * a few dozen ops deep like this project's. A tensor is done once it is in `order`; nothing can be met
 * again while still in progress, because a tensor's parents exist before it, so the graph has no cycle.
 * Searching `order` (a dozen tensors here) is cheaper than a Set, which has to hash every tensor of every
 * step; a graph of thousands would want the Set.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  visit(root, order);
  return order;
}

/** Appends to `order` the ops t depends on that are not in it yet, then t (if it is an op's result). */
function visit(t: Tensor, order: Tensor[]): void {
  if (t.backwardFn === null || order.includes(t)) return;
  for (const p of t.parents) visit(p, order);
  order.push(t);
}
