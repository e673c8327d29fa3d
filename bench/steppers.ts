import { type GradientMethod } from "../src/train/method";
import { type BenchContext, EPOCHS, measure } from "./harness";

/**
 * Samples per second of `method`'s stepper at one batch size, rows in file order. Each measured call is a
 * short run: start from the bench's initial weights, train `epochs` epochs of the first `samples` rows
 * (default: all), dispose.
 */
export function stepperRate(
  method: GradientMethod,
  ctx: BenchContext,
  batch: number,
  options: { samples?: number; epochs?: number; repeats?: number } = {},
): number {
  const { X, init, lr } = ctx;
  const samples = Math.min(options.samples ?? X.rows, X.rows);
  const epochs = options.epochs ?? EPOCHS;
  const order = new Uint32Array(X.rows).map((_, i) => i);
  const run = (): void => {
    const stepper = method.start(init, X);
    for (let e = 0; e < epochs; e++) {
      for (let s = 0; s < samples; s += batch) stepper.step(order, s, Math.min(s + batch, samples), lr);
    }
    stepper.dispose();
  };
  const slow = options.repeats === undefined ? {} : { warmupMs: 100, minMs: 100, repeats: options.repeats };
  return measure(run, samples * epochs, slow);
}
