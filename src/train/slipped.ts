import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { type Slip, type ChainFactor, slippedBackward } from "../model/slips";
import { type GradientMethod, type Stepper } from "./method";

const GRADIENTS = ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"] as const satisfies readonly ChainFactor[];
const PARAM_OF = { dE_dW1: "W1", dE_dB1: "B1", dE_dW2: "W2", dE_dB2: "B2" } as const;

/**
 * Training with a hand-written backward pass that contains one classic slip (model/slips.ts), or none.
 * It is the derivation written plainly, one sample at a time, so it is slow next to the fused path; Question 4
 * uses it for the slips whose effect is not simply a rescaled learning rate. With `slip` null it trains
 * exactly like backprop (the tests check it bit for bit at batch size 1).
 */
export function slippedMethod(slip: Slip | null): GradientMethod {
  return {
    name: slip ? `backprop with slip ${slip.id}` : "backprop (plain)",
    start(init: Params, train: Matrix): Stepper {
      const p = cloneParams(init);
      const factorSlip = slip?.kind === "factor" ? slip : null;
      return {
        step(order, start, end, lr) {
          const count = end - start;
          // The right update divides the summed gradient by the batch size; the step slips change that factor.
          const stepScale = slip && slip.kind !== "factor" ? slip.stepFactor(count) : 1;
          const sums = GRADIENTS.map((g) => new Float64Array(p[PARAM_OF[g]].data.length));
          for (let r = start; r < end; r++) {
            const row = train.data.subarray(order[r] * train.cols, (order[r] + 1) * train.cols);
            const f = slippedBackward(p, row, factorSlip);
            if (f === null)
              throw new Error(`slippedMethod: the slip "${slip?.id}" cannot be written for this network's sizes`);
            GRADIENTS.forEach((g, k) => {
              if (f[g].data.length !== sums[k].length)
                throw new Error(`slippedMethod: the slip "${slip?.id}" gives ${g} the wrong shape for this network`);
              for (let i = 0; i < sums[k].length; i++) sums[k][i] += f[g].data[i];
            });
          }
          GRADIENTS.forEach((g, k) => {
            const w = p[PARAM_OF[g]].data;
            // At batch size 1 this is w − η·g exactly: the sum of one gradient is that gradient, divided by 1.
            for (let i = 0; i < w.length; i++) w[i] -= stepScale * lr * (sums[k][i] / count);
          });
        },
        params: () => p,
        dispose() {},
      };
    },
  };
}
