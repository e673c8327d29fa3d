import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { type GradientMethod } from "../train/method";

/*
 * A long SGD run that keeps only the weights at a few epochs: the trainer evaluates both errors after every
 * epoch, which for 10,000 epochs costs as much as the training itself. The sample order is the trainer's (the
 * same shuffle stream from the same seed), so at any epoch the weights are those `train` would have there.
 */
export function weightsAtEpochs(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  { epochs, lr, seed, batchSize = 1 }: { epochs: readonly number[]; lr: number; seed: number; batchSize?: number },
): Map<number, Params> {
  const wanted = [...epochs].sort((a, b) => a - b);
  const out = new Map<number, Params>();
  const stepper = method.start(init, trainX);
  try {
    const rng = new Rng(streamSeed(seed, "shuffle"));
    const order = new Uint32Array(trainX.rows).map((_, i) => i);
    if (wanted[0] === 0) out.set(0, cloneParams(init));
    for (let e = 1; e <= wanted[wanted.length - 1]; e++) {
      rng.shuffle(order);
      for (let s = 0; s < order.length; s += batchSize)
        stepper.step(order, s, Math.min(s + batchSize, order.length), lr);
      if (wanted.includes(e)) out.set(e, cloneParams(stepper.params()));
    }
  } finally {
    stepper.dispose();
  }
  return out;
}
