import { cloneParams } from "../src/model/params";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";
import { type BenchContext, EPOCHS, measure } from "./harness";
import { stepperRate } from "./steppers";
import { unrolledEpoch } from "./unrolled";

/** The reference every ratio is taken against: EPOCHS epochs of bench/unrolled.ts from the initial weights. */
export function reference(ctx: BenchContext): number {
  const { X, init, lr } = ctx;
  return measure(() => {
    const p = cloneParams(init);
    for (let e = 0; e < EPOCHS; e++) unrolledEpoch(p, X, lr);
  }, X.rows * EPOCHS);
}

/** Per-sample and mini-batch SGD with the library's fused stepper, and the full trainer. */
export const BACKPROP_ROWS = {
  "backprop stepper, batch 1": (ctx: BenchContext) => stepperRate(backpropMethod, ctx, 1),
  "backprop stepper, batch 64": (ctx: BenchContext) => stepperRate(backpropMethod, ctx, 64),
  "backprop stepper, full batch": (ctx: BenchContext) => stepperRate(backpropMethod, ctx, ctx.X.rows),
  // The cost a CLI user sees: the trainer also shuffles and evaluates the training error after every epoch.
  "trainer (shuffle + errors), batch 1": (ctx: BenchContext) =>
    measure(
      () => train(backpropMethod, ctx.init, ctx.X, null, { epochs: EPOCHS, lr: ctx.lr, seed: 1 }),
      ctx.X.rows * EPOCHS,
    ),
};
