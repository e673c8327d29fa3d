import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { FusedBackprop } from "../model/fused";
import { type GradientMethod, type Stepper } from "./method";

/** The hand-derived backward pass (fused form) as a training method. */
export const backpropMethod: GradientMethod = {
  name: "backprop",
  start(init: Params, train: Matrix): Stepper {
    const p = cloneParams(init);
    const fused = FusedBackprop.for(p);
    const xs = train.data;
    const n = train.cols;
    return {
      step(order, start, end, lr) {
        if (end - start === 1) {
          fused.sgdStep(p, xs, order[start] * n, lr);
          return;
        }
        fused.zeroGrad();
        for (let r = start; r < end; r++) fused.accumulate(p, xs, order[r] * n);
        fused.applyMean(p, lr, end - start);
      },
      params: () => p,
      dispose() {},
    };
  },
};
