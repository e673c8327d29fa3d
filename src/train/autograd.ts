import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { backward, zeroGrad } from "../autograd/backward";
import { autoencoderForward, batchTensor, paramTensors } from "../autograd/autoencoder";
import { type GradientMethod, type Stepper } from "./method";

/**
 * Training with the autograd engine: each step records the forward pass of its batch, runs backward from
 * the loss and moves every parameter against its gradient. Nothing is derived by hand here; the tests
 * check that the result equals backprop's.
 */
export const autogradMethod: GradientMethod = {
  name: "autograd",
  start(init: Params, train: Matrix): Stepper {
    const p = cloneParams(init);
    const P = paramTensors(p); // shares p's numbers, so params() is always current
    const tensors = [P.W1, P.B1, P.W2, P.B2];
    return {
      step(order, start, end, lr) {
        const { E } = autoencoderForward(P, batchTensor(train, order, start, end));
        zeroGrad(tensors);
        backward(E); // E is the batch-mean error, so these are the batch-mean gradients
        for (const t of tensors) for (let i = 0; i < t.data.length; i++) t.data[i] -= lr * t.grad!.data[i]; // W ← W − η ∂E/∂W
      },
      params: () => p,
      dispose() {},
    };
  },
};
