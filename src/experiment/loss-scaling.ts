import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { autoencoderForward, batchTensor, paramTensors } from "../autograd/autoencoder";
import { backward, zeroGrad } from "../autograd/backward";
import { mulScalar } from "../autograd/ops";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type TrainResult } from "../train/trainer";
import { type Mechanism, againstBackprop } from "./mechanism";
import { type PairSetup } from "./paired-runs";

/*
 * The assignment's E sums the squared error over the n outputs. A library loss such as PyTorch's MSELoss
 * averages it by default (reduction "mean"), i.e. minimises E/n. Its gradient is ∂E/∂W / n, so with the same
 * learning rate η every update is W ← W − (η/n) ∂E/∂W: the averaged loss trains exactly like the summed one
 * with a learning rate n times smaller (η/3 for the 3-2-3 network). A student who derived backprop from the
 * summed E and used a library loss for autograd trained the two at different effective learning rates.
 */

/** `base` trained on the loss averaged over the outputs: the same updates at learning rate η/n. */
export function meanOverOutputs(base: GradientMethod): GradientMethod {
  return {
    name: `${base.name}, loss averaged over outputs`,
    start(init: Params, trainX: Matrix) {
      const inner = base.start(init, trainX);
      const n = trainX.cols;
      return {
        step: (order, start, end, lr) => inner.step(order, start, end, lr / n),
        params: () => inner.params(),
        dispose: () => inner.dispose(),
      };
    },
  };
}

/**
 * The averaged loss differentiated by the autograd engine itself (E/n built from the engine's ops and
 * differentiated by its backward), with the learning rate left as given. The tests and the notebook check
 * that it equals {@link meanOverOutputs} of backprop, which only divides the learning rate.
 */
export const averagedLossAutogradMethod: GradientMethod = {
  name: "autograd, loss averaged over outputs",
  start(init: Params, trainX: Matrix) {
    const p = cloneParams(init);
    const P = paramTensors(p);
    const params = [P.W1, P.B1, P.W2, P.B2];
    return {
      step(order, start, end, lr) {
        const { E } = autoencoderForward(P, batchTensor(trainX, order, start, end));
        const loss = mulScalar(E, 1 / trainX.cols); // E/n: the mean over the n outputs
        zeroGrad(params);
        backward(loss);
        for (const t of params) {
          const g = t.grad!.data;
          for (let i = 0; i < t.data.length; i++) t.data[i] -= lr * g[i];
        }
      },
      params: () => p,
      dispose() {},
    };
  },
};

/**
 * For each seed, the hand-derived backprop on the summed E (the assignment's) against the same network on
 * the averaged loss (a library's default), from the same weights and in the same sample order.
 */
export function lossScalingMechanism(setup: PairSetup, reference?: readonly TrainResult[]): Mechanism {
  const averaged = meanOverOutputs(backpropMethod);
  const n = setup.trainX.cols;
  const pairs = againstBackprop(setup, averaged, reference);
  return {
    name: `loss averaged over outputs (η/${n})`,
    differs: `the loss: summed over the ${n} outputs for backprop, averaged (PyTorch's MSELoss default) for autograd, which equals a learning rate of η/${n}`,
    pairs,
  };
}
