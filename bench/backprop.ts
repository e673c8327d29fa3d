import { cloneParams } from "../src/model/params";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";
import { type BenchContext, type BenchRow, measure } from "./harness";
import { unrolledEpoch } from "./unrolled";

/**
 * Per-sample SGD epochs on the 3-2-3: the hand-unrolled reference, the library's fused stepper on its
 * own, and the full trainer (shuffling and two error evaluations per epoch included).
 */
export function benchBackprop(ctx: BenchContext): BenchRow[] {
  const { X, init, lr } = ctx;
  const N = X.rows;
  const rows: BenchRow[] = [];

  const pRef = cloneParams(init);
  rows.push({ name: "unrolled loop, batch 1", samplesPerSecond: measure(() => unrolledEpoch(pRef, X, lr), N) });

  const order = new Uint32Array(N).map((_, i) => i);
  const stepper = backpropMethod.start(init, X);
  const epoch = (batch: number) => () => {
    for (let s = 0; s < N; s += batch) stepper.step(order, s, Math.min(s + batch, N), lr);
  };
  const versus = "unrolled loop, batch 1";
  rows.push({ name: "backprop stepper, batch 1", samplesPerSecond: measure(epoch(1), N), versus });
  rows.push({ name: "backprop stepper, batch 64", samplesPerSecond: measure(epoch(64), N), versus });
  rows.push({ name: "backprop stepper, full batch", samplesPerSecond: measure(epoch(N), N), versus });

  // The trainer also shuffles and evaluates train error each epoch: the cost a CLI user sees.
  const epochs = 20;
  rows.push({
    name: "trainer (shuffle + errors), batch 1",
    samplesPerSecond: measure(() => train(backpropMethod, init, X, null, { epochs, lr, seed: 1 }), N * epochs),
    versus,
  });
  return rows;
}
