import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams } from "../model/params";
import { FusedBackprop } from "../model/fused";
import { type GradientMethod, type Stepper } from "./method";

/** The hand-derived backward pass (fused form) as a training method. */
export const backpropMethod: GradientMethod = {
  name: "backprop",
  start: (init: Params, train: Matrix): Stepper => new BackpropStepper(cloneParams(init), train),
};

/**
 * A class rather than an object of closures: every run then shares one `step` function, so the trainer's
 * call to it stays monomorphic and inlinable from one run to the next.
 */
class BackpropStepper implements Stepper {
  private readonly fused: FusedBackprop;
  private readonly xs: Float64Array;
  private readonly n: number;

  constructor(
    private readonly p: Params,
    train: Matrix,
  ) {
    this.fused = FusedBackprop.for(p);
    this.xs = train.data;
    this.n = train.cols;
  }

  step(order: Uint32Array, start: number, end: number, lr: number): void {
    const { fused, p, xs, n } = this;
    if (end - start === 1) {
      fused.sgdStep(p, xs, order[start] * n, lr);
      return;
    }
    fused.zeroGrad();
    for (let r = start; r < end; r++) fused.accumulate(p, xs, order[r] * n);
    fused.applyMean(p, lr, end - start);
  }

  params(): Params {
    return this.p;
  }

  dispose(): void {}
}
