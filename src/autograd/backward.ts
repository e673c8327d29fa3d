import { shape } from "../linalg/matrix";
import { type Tensor, gradOf } from "./tensor";

/**
 * Reverse-mode differentiation of a 1×1 root (a loss): sets ∂root/∂root = 1, then visits the graph in
 * reverse topological order, so each tensor's gradient is complete before its op sends it on to the
 * parents. Ops add (+=) into their parents' gradients, so a tensor used twice gets both contributions.
 *
 * Leaves (parameters) accumulate across calls until zeroGrad; the gradients of intermediate tensors are
 * reset at the start of each call, so calling backward twice adds the gradient to the leaves twice,
 * not three times.
 */
export function backward(root: Tensor): void {
  if (root.rows !== 1 || root.cols !== 1) {
    throw new Error(`backward: the root must be 1×1 (a loss), got ${shape(root)}`);
  }
  if (!root.requiresGrad) {
    throw new Error("backward: the root depends on no tensor that requires grad (was it computed under noGrad?)");
  }
  const order = topologicalOrder(root);
  for (const t of order) if (t.backwardFn !== null) t.grad?.fill(0); // intermediates start again from 0
  gradOf(root)[0] = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    if (t.backwardFn !== null) t.backwardFn(t);
  }
}

/** Sets the gradients of `tensors` (usually the parameters) to zero before the next backward. */
export function zeroGrad(tensors: readonly Tensor[]): void {
  for (const t of tensors) t.grad?.fill(0);
}

/** Tags each traversal, so "visited" is one field compare instead of a Set lookup. */
let traversal = 0;

/**
 * The tensors `root` depends on through tensors that require grad, each after all of its parents
 * (the root last). An iterative depth-first post-order, so deep graphs cannot overflow the call stack:
 * `next[k]` is the index of the next parent to look at for the tensor at `stack[k]`.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const mark = ++traversal;
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  root.visitMark = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const i = next[top];
    if (i < t.parents.length) {
      next[top] = i + 1;
      const p = t.parents[i];
      if (p.requiresGrad && p.visitMark !== mark) {
        p.visitMark = mark;
        stack.push(p);
        next.push(0);
      }
    } else {
      // Every parent of t is already in `order`.
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  return order;
}
