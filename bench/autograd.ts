import { autogradMethod } from "../src/train/autograd";
import { tfjsMethod } from "../src/train/tfjs";
import { type BenchContext } from "./harness";
import { stepperRate } from "./steppers";

/** The autograd engine's stepper: a graph recorded and differentiated per update. */
export const AUTOGRAD_ROWS = {
  "autograd stepper, batch 1": (ctx: BenchContext) => stepperRate(autogradMethod, ctx, 1),
  "autograd stepper, batch 64": (ctx: BenchContext) => stepperRate(autogradMethod, ctx, 64),
  "autograd stepper, full batch": (ctx: BenchContext) => stepperRate(autogradMethod, ctx, ctx.X.rows),
};

/**
 * TensorFlow.js's stepper (cpu backend, float32). Its batch-1 row is thousands of times slower than the
 * others (see the table), so it runs one epoch of the first 200 samples with fewer repeats, to keep the
 * bench short. Its calls include creating and disposing its variables, as a run's do.
 */
export const TFJS_ROWS = {
  "tfjs stepper, batch 1": (ctx: BenchContext) =>
    stepperRate(tfjsMethod, ctx, 1, { samples: 200, epochs: 1, repeats: 3 }),
  "tfjs stepper, batch 64": (ctx: BenchContext) => stepperRate(tfjsMethod, ctx, 64, { repeats: 3 }),
  "tfjs stepper, full batch": (ctx: BenchContext) => stepperRate(tfjsMethod, ctx, ctx.X.rows, { repeats: 3 }),
};
