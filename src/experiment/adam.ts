import { type Matrix } from "../linalg/matrix";
import { FusedBackprop } from "../model/fused";
import { type Params, cloneParams } from "../model/params";
import { type GradientMethod } from "../train/method";
import { type Mechanism } from "./mechanism";
import { type PairSetup, pairedRuns } from "./paired-runs";

/*
 * Adam (Kingma & Ba, 2015) over the hand-derived gradient, as a training method: the optimiser a student's
 * autograd notebook most likely used. It is here for one question of Question 4: a loss averaged over the n
 * outputs (PyTorch's MSELoss default) scales every gradient by 1/n. Under SGD that is exactly a learning rate of
 * η/n; Adam divides each step by the root of the gradient's own running square, so the factor cancels and only
 * ε (10⁻⁸, next to gradients of order 10⁻²) still sees it.
 */

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Multiplies the loss before differentiation: 1 for the summed E, 1/n for the loss averaged over n outputs. */
  lossScale?: number;
}

/** Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 10⁻⁸) on the mean gradient of each batch. */
export function adamMethod({
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-8,
  lossScale = 1,
}: AdamOptions = {}): GradientMethod {
  return {
    name: lossScale === 1 ? "Adam" : `Adam, loss × ${lossScale.toPrecision(3)}`,
    start(init: Params, trainX: Matrix) {
      const p = cloneParams(init);
      const fused = FusedBackprop.for(p);
      const weights = [p.W1.data, p.B1.data, p.W2.data, p.B2.data];
      const grads = [fused.dE_dW1, fused.dE_dB1, fused.dE_dW2, fused.dE_dB2];
      const m = weights.map((w) => new Float64Array(w.length));
      const v = weights.map((w) => new Float64Array(w.length));
      let t = 0;
      return {
        step(order, start, end, lr) {
          fused.zeroGrad();
          for (let r = start; r < end; r++) fused.accumulate(p, trainX.data, order[r] * trainX.cols);
          t++;
          const scale = lossScale / (end - start); // the batch mean of the (scaled) loss's gradient
          const c1 = 1 - beta1 ** t;
          const c2 = 1 - beta2 ** t;
          for (let a = 0; a < weights.length; a++) {
            const w = weights[a];
            const g = grads[a];
            for (let i = 0; i < w.length; i++) {
              const gi = g[i] * scale;
              m[a][i] = beta1 * m[a][i] + (1 - beta1) * gi;
              v[a][i] = beta2 * v[a][i] + (1 - beta2) * gi * gi;
              w[i] -= (lr * (m[a][i] / c1)) / (Math.sqrt(v[a][i] / c2) + epsilon);
            }
          }
        },
        params: () => p,
        dispose() {},
      };
    },
  };
}

/**
 * For each seed, Adam on the summed E against Adam on E/n, both at learning rate `lr` from the same weights and
 * order: the loss-averaging mechanism under the optimiser where it should vanish.
 */
export function adamLossScalingMechanism(setup: PairSetup, lr: number): Mechanism {
  const n = setup.trainX.cols;
  const at = { ...setup, lr };
  return {
    name: `loss averaged over outputs, under Adam`,
    differs: `the loss (summed against averaged over the ${n} outputs), both trained with Adam at η = ${lr}`,
    pairs: pairedRuns(at, { method: adamMethod() }, { method: adamMethod({ lossScale: 1 / n }) }),
  };
}
