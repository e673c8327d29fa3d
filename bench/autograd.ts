import { autogradMethod } from "../src/autograd/method";
import { type GradientMethod } from "../src/train/method";
import { methodByName } from "../src/train/registry";
import { type BenchContext, type BenchRow, measure } from "./harness";

/** Epochs of `method`'s stepper at batch 1, 64 and full batch, each against backprop's stepper at the same size. */
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
      versus: "backprop stepper, batch 1",
    },
    { name: `${label}, batch 64`, samplesPerSecond: measure(epoch(64, N), N), versus: "backprop stepper, batch 64" },
    {
      name: `${label}, full batch`,
      samplesPerSecond: measure(epoch(N, N), N),
      versus: "backprop stepper, full batch",
    },
  ];
  stepper.dispose();
  return rows;
}

/** The autograd engine's stepper (a graph recorded and differentiated per update). */
export function benchAutograd(ctx: BenchContext): BenchRow[] {
  return stepperRows("autograd stepper", autogradMethod, ctx, { batch1Samples: ctx.X.rows });
}

/**
 * TensorFlow.js's stepper (cpu backend, float32). At batch 1 it manages ~10 k updates/s, so that row
 * runs on the first 200 samples with fewer repeats, to keep `npm run bench` near a minute.
 */
export function benchTfjs(ctx: BenchContext): BenchRow[] {
  return stepperRows("tfjs stepper", methodByName("tfjs"), ctx, { batch1Samples: 200, repeats: 3 });
}
