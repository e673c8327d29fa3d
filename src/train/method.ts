import { type Matrix } from "../linalg/matrix";
import { type Params } from "../model/params";

/**
 * A way of computing gradients and applying W ← W − η ∂E/∂W. The trainer owns everything else
 * (epochs, shuffling, batching, error curves), so backprop, autograd and TensorFlow.js differ only here
 * and their histories are comparable sample for sample.
 */
export interface GradientMethod {
  /** Short name used by the CLI's --method flag and in plots ("backprop", "autograd", "tfjs"). */
  readonly name: string;
  /** Prepares to train from a copy of `init` on the rows (samples) of `train`, N×n. */
  start(init: Params, train: Matrix): Stepper;
}

export interface Stepper {
  /**
   * One update from the training rows order[start], …, order[end − 1]: the gradient is the mean of
   * the per-sample gradients over those rows, evaluated at the current weights.
   */
  step(order: Uint32Array, start: number, end: number, lr: number): void;
  /** The current weights in float64 (a copy or a live view; the trainer only reads it). */
  params(): Params;
  /** Frees what the method holds outside the JS heap (TensorFlow.js tensors). */
  dispose(): void;
}
