import { autogradMethod } from "../src/train/autograd";
import { tfjsMethod } from "../src/train/tfjs";
import { type GradientMethod } from "../src/train/method";
import { type BenchContext, type BenchRow, measure } from "./harness";

const UNROLLED = "unrolled loop, batch 1";

/**
 * Epochs of `method`'s stepper at batch 1, 64 and full batch. Each row is compared with the unrolled loop
 * (bench/unrolled.ts, measured in the same run), the one reference every ratio of the table shares.
 */
function stepperRows(
  label: string,
  method: GradientMethod,
  ctx: BenchContext,
  options: { batch1Samples: number; repeats?: number },
): BenchRow[] {
  const { X, init, lr } = ctx;
  const N = X.rows;
  const order = new Uint32Array(N).map((_, i) => i);
  const stepper = method.start(init, X);
  const epoch = (batch: number, samples: number) => () => {
    for (let s = 0; s < samples; s += batch) stepper.step(order, s, Math.min(s + batch, samples), lr);
  };
  const slow = options.repeats === undefined ? {} : { warmupMs: 100, minMs: 100, repeats: options.repeats };
  const n1 = Math.min(options.batch1Samples, N);
  const rows: BenchRow[] = [
    {
      name: `${label}, batch 1`,
      samplesPerSecond: measure(epoch(1, n1), n1, slow),
      versus: UNROLLED,
    },
    { name: `${label}, batch 64`, samplesPerSecond: measure(epoch(64, N), N), versus: UNROLLED },
    { name: `${label}, full batch`, samplesPerSecond: measure(epoch(N, N), N), versus: UNROLLED },
  ];
  stepper.dispose();
  return rows;
}

/** The autograd engine's stepper (a graph recorded and differentiated per update). */
export function benchAutograd(ctx: BenchContext): BenchRow[] {
  return stepperRows("autograd stepper", autogradMethod, ctx, { batch1Samples: ctx.X.rows });
}

/**
 * TensorFlow.js's stepper (cpu backend, float32). Its batch-1 row is thousands of times slower than the
 * others (see the table), so it runs on the first 200 samples with fewer repeats, to keep the bench short.
 */
export function benchTfjs(ctx: BenchContext): BenchRow[] {
  return stepperRows("tfjs stepper", tfjsMethod, ctx, { batch1Samples: 200, repeats: 3 });
}
