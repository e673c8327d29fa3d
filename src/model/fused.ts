import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes } from "./params";
import { sigmoid } from "./sigmoid";

/**
 * The derivation of backward.ts fused into flat loops over Float64Array, with no allocation per
 * sample: what the training loop runs. Each line keeps the derivation's name in a comment and
 * multiplies in the same order as backward.ts, so for one sample its gradients and updates are
 * bitwise equal to the derivation-aligned ones (test/fused.test.ts checks exactly that).
 */
export class FusedBackprop {
  readonly n: number;
  readonly h: number;
  private readonly o1: Float64Array; // O1
  private readonly d2: Float64Array; // ∂E/∂I2
  private readonly alpha: Float64Array; // α = ∂E/∂I1
  /** Gradient sums for a mini-batch, laid out like W1, B1, W2, B2. */
  readonly gW1: Float64Array;
  readonly gB1: Float64Array;
  readonly gW2: Float64Array;
  readonly gB2: Float64Array;

  constructor(n: number, h: number) {
    this.n = n;
    this.h = h;
    this.o1 = new Float64Array(h);
    this.d2 = new Float64Array(n);
    this.alpha = new Float64Array(h);
    this.gW1 = new Float64Array(n * h);
    this.gB1 = new Float64Array(h);
    this.gW2 = new Float64Array(h * n);
    this.gB2 = new Float64Array(n);
  }

  static for(p: Params): FusedBackprop {
    const { n, h } = paramSizes(p);
    return new FusedBackprop(n, h);
  }

  /** Forward and backward for the sample at xs[off … off+n): fills O1, ∂E/∂I2 and α. */
  private signals(p: Params, xs: Float64Array, off: number): void {
    const { n, h, o1, d2, alpha } = this;
    const W1 = p.W1.data;
    const B1 = p.B1.data;
    const W2 = p.W2.data;
    const B2 = p.B2.data;
    for (let j = 0; j < h; j++) {
      let s = B1[j]; // I1 = W1ᵀx + B1
      for (let i = 0; i < n; i++) s += W1[i * h + j] * xs[off + i];
      o1[j] = sigmoid(s); // O1 = σ(I1)
    }
    for (let k = 0; k < n; k++) {
      let s = B2[k]; // I2 = W2ᵀO1 + B2
      for (let j = 0; j < h; j++) s += W2[j * n + k] * o1[j];
      const y = sigmoid(s); // O2 = σ(I2)
      d2[k] = 2 * (y - xs[off + k]) * (y * (1 - y)); // ∂E/∂O2 ⊙ σ'(I2)
    }
    for (let j = 0; j < h; j++) {
      let s = 0; // (∂I2/∂O1 · ∂E/∂I2)_j = Σ_k W2[j,k] (∂E/∂I2)_k
      for (let k = 0; k < n; k++) s += W2[j * n + k] * d2[k];
      const o = o1[j];
      alpha[j] = s * (o * (1 - o)); // α = (W2 ∂E/∂I2) ⊙ σ'(I1)
    }
  }

  /**
   * One per-sample SGD step, W ← W − η ∂E/∂W, updating p in place. All four gradients are taken
   * at the old weights: α reads W2 before W2 is updated.
   */
  sgdStep(p: Params, xs: Float64Array, off: number, lr: number): void {
    this.signals(p, xs, off);
    const { n, h, o1, d2, alpha } = this;
    const W1 = p.W1.data;
    const B1 = p.B1.data;
    const W2 = p.W2.data;
    const B2 = p.B2.data;
    for (let j = 0; j < h; j++) {
      const o = o1[j];
      for (let k = 0; k < n; k++) W2[j * n + k] -= lr * (o * d2[k]); // ∂E/∂W2 = O1 (∂E/∂I2)ᵀ
    }
    for (let k = 0; k < n; k++) B2[k] -= lr * d2[k]; // ∂E/∂B2 = ∂E/∂I2
    for (let i = 0; i < n; i++) {
      const x = xs[off + i];
      for (let j = 0; j < h; j++) W1[i * h + j] -= lr * (x * alpha[j]); // ∂E/∂W1 = x αᵀ
    }
    for (let j = 0; j < h; j++) B1[j] -= lr * alpha[j]; // ∂E/∂B1 = α
  }

  /** Sets the gradient sums to zero before a mini-batch. */
  zeroGrad(): void {
    this.gW1.fill(0);
    this.gB1.fill(0);
    this.gW2.fill(0);
    this.gB2.fill(0);
  }

  /** Adds the sample's four gradients to the sums (evaluated at the current, unchanged weights). */
  accumulate(p: Params, xs: Float64Array, off: number): void {
    this.signals(p, xs, off);
    const { n, h, o1, d2, alpha, gW1, gB1, gW2, gB2 } = this;
    for (let j = 0; j < h; j++) {
      const o = o1[j];
      for (let k = 0; k < n; k++) gW2[j * n + k] += o * d2[k];
    }
    for (let k = 0; k < n; k++) gB2[k] += d2[k];
    for (let i = 0; i < n; i++) {
      const x = xs[off + i];
      for (let j = 0; j < h; j++) gW1[i * h + j] += x * alpha[j];
    }
    for (let j = 0; j < h; j++) gB1[j] += alpha[j];
  }

  /** W ← W − η · (sum / count): the update with the batch-mean gradient. */
  applyMean(p: Params, lr: number, count: number): void {
    const step = lr / count;
    sub(p.W1.data, this.gW1, step);
    sub(p.B1.data, this.gB1, step);
    sub(p.W2.data, this.gW2, step);
    sub(p.B2.data, this.gB2, step);
  }

  /** The mean gradient over rows [start, end) of `order` into the sums (only the tests use it). */
  meanGradient(p: Params, X: Matrix, order: ArrayLike<number>, start: number, end: number): void {
    this.zeroGrad();
    for (let r = start; r < end; r++) this.accumulate(p, X.data, order[r] * X.cols);
    const inv = 1 / (end - start);
    for (const g of [this.gW1, this.gB1, this.gW2, this.gB2]) for (let i = 0; i < g.length; i++) g[i] *= inv;
  }
}

function sub(w: Float64Array, g: Float64Array, step: number): void {
  for (let i = 0; i < w.length; i++) w[i] -= step * g[i];
}
