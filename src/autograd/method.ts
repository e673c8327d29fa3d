import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { type GradientMethod, type Stepper } from "../train/method";
import { type Tensor } from "./tensor";
import { backward, zeroGrad } from "./backward";
import { autoencoderForward, batchTensor, paramTensors } from "./autoencoder";

/**
 * Training with the autograd engine: each step records the forward pass of its batch, runs backward
 * from the loss and moves every parameter against its gradient. Nothing is derived by hand here; the
 * tests check that the result equals backprop's.
 */
export const autogradMethod: GradientMethod = {
  name: "autograd",
  start(init: Params, train: Matrix): Stepper {
    const p = cloneParams(init);
    const P = paramTensors(p); // shares p's numbers, so params() is always current
    const params = [P.W1, P.B1, P.W2, P.B2];
    return {
      step(order, start, end, lr) {
        const { E } = autoencoderForward(P, batchTensor(train, order, start, end));
        zeroGrad(params);
        backward(E); // E is the batch-mean error, so the gradients are the batch-mean gradients
        for (const t of params) sgdUpdate(t, lr);
      },
      params: () => p,
      dispose() {},
    };
  },
};

/** W ← W − η ∂E/∂W, in place. */
function sgdUpdate(t: Tensor, lr: number): void {
  const w = t.data;
  const g = t.grad!;
  for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
}
