import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes } from "./params";
import { sigmoid } from "./sigmoid";

/**
 * The derivation of backward.ts fused into flat loops over Float64Array, with no allocation per sample:
 * what training runs. The names are the derivation's, and every sum and product is taken in the same order
 * as forward.ts and backward.ts (bias added after the product, 2(x̂ − x) times σ'(I2) …), so for one sample
 * it computes the same bits as they do (test/fused.test.ts checks exactly that).
 */
export class FusedBackprop {
  /** O1 = σ(I1) of the current sample, h values. */
  private readonly O1: Float64Array;
  /** O2 = σ(I2) = x̂ of the current sample, n values. */
  private readonly O2: Float64Array;
  /** ∂E/∂I2 = ∂E/∂O2 ⊙ σ'(I2) of the current sample, n values. */
  private readonly dE_dI2: Float64Array;
  /** α = (W2 ∂E/∂I2) ⊙ σ'(I1) = ∂E/∂I1 of the current sample, h values. */
  private readonly alpha: Float64Array;
  /** Gradient sums over a mini-batch, laid out like W1, B1, W2, B2. */
  readonly dE_dW1: Float64Array;
  readonly dE_dB1: Float64Array;
  readonly dE_dW2: Float64Array;
  readonly dE_dB2: Float64Array;

  constructor(
    readonly n: number,
    readonly h: number,
  ) {
    this.O1 = new Float64Array(h);
    this.O2 = new Float64Array(n);
    this.dE_dI2 = new Float64Array(n);
    this.alpha = new Float64Array(h);
    this.dE_dW1 = new Float64Array(n * h);
    this.dE_dB1 = new Float64Array(h);
    this.dE_dW2 = new Float64Array(h * n);
    this.dE_dB2 = new Float64Array(n);
  }

  static for(p: Params): FusedBackprop {
    const { n, h } = paramSizes(p);
    return new FusedBackprop(n, h);
  }

  /** The forward pass and the output layer's error signal for the sample at xs[off …]: fills O1, O2 and ∂E/∂I2. */
  private outputSignal(p: Params, xs: Float64Array, off: number): void {
    forwardRows(p, xs, off, 1, this.O1, this.O2);
    const { n, O2, dE_dI2 } = this;
    for (let k = 0; k < n; k++) dE_dI2[k] = 2 * (O2[k] - xs[off + k]) * (O2[k] * (1 - O2[k])); // ∂E/∂O2 ⊙ σ'(I2)
  }

  /**
   * α_j = (W2 ∂E/∂I2)_j σ'(I1_j), the hidden unit j's error signal, from row j of W2. The steps below take it
   * row by row, just before they use that row for ∂E/∂W2, so W2 is read once per sample instead of twice.
   */
  private alphaAt(W2: Float64Array, j: number): number {
    const { n, O1, dE_dI2 } = this;
    let W2dE_dI2 = 0; // (∂I2/∂O1 · ∂E/∂I2)_j = Σ_k W2[j,k] (∂E/∂I2)_k
    for (let k = 0; k < n; k++) W2dE_dI2 += W2[j * n + k] * dE_dI2[k];
    return W2dE_dI2 * (O1[j] * (1 - O1[j])); // ⊙ σ'(I1)
  }

  /**
   * One per-sample SGD step, W ← W − η ∂E/∂W, updating p in place. All four gradients are taken at the
   * old weights: α_j reads row j of W2 before that row changes.
   */
  sgdStep(p: Params, xs: Float64Array, off: number, lr: number): void {
    this.outputSignal(p, xs, off);
    const { n, h, O1, dE_dI2, alpha } = this;
    const W1 = p.W1.data;
    const B1 = p.B1.data;
    const W2 = p.W2.data;
    const B2 = p.B2.data;
    // O1_j and x_i are read into locals once: after a store into W2 or W1, V8 must assume any other
    // Float64Array may have changed (two arrays can share memory), and would otherwise load them again.
    for (let j = 0; j < h; j++) {
      alpha[j] = this.alphaAt(W2, j);
      const O1_j = O1[j];
      for (let k = 0; k < n; k++) W2[j * n + k] -= lr * (O1_j * dE_dI2[k]); // ∂E/∂W2 = O1 (∂E/∂I2)ᵀ
    }
    for (let k = 0; k < n; k++) B2[k] -= lr * dE_dI2[k]; // ∂E/∂B2 = ∂E/∂I2
    for (let i = 0; i < n; i++) {
      const x_i = xs[off + i];
      for (let j = 0; j < h; j++) W1[i * h + j] -= lr * (x_i * alpha[j]); // ∂E/∂W1 = x αᵀ
    }
    for (let j = 0; j < h; j++) B1[j] -= lr * alpha[j]; // ∂E/∂B1 = α
  }

  /** Sets the gradient sums to zero before a mini-batch. */
  zeroGrad(): void {
    this.dE_dW1.fill(0);
    this.dE_dB1.fill(0);
    this.dE_dW2.fill(0);
    this.dE_dB2.fill(0);
  }

  /** Adds the sample's four gradients to the sums (at the current, unchanged weights). */
  accumulate(p: Params, xs: Float64Array, off: number): void {
    this.outputSignal(p, xs, off);
    const { n, h, O1, dE_dI2, alpha, dE_dW1, dE_dB1, dE_dW2, dE_dB2 } = this;
    const W2 = p.W2.data;
    for (let j = 0; j < h; j++) {
      alpha[j] = this.alphaAt(W2, j);
      const O1_j = O1[j]; // a local, as in sgdStep
      for (let k = 0; k < n; k++) dE_dW2[j * n + k] += O1_j * dE_dI2[k];
    }
    for (let k = 0; k < n; k++) dE_dB2[k] += dE_dI2[k];
    for (let i = 0; i < n; i++) {
      const x_i = xs[off + i];
      for (let j = 0; j < h; j++) dE_dW1[i * h + j] += x_i * alpha[j];
    }
    for (let j = 0; j < h; j++) dE_dB1[j] += alpha[j];
  }

  /** W ← W − η · (sum / count): the update with the batch-mean gradient. */
  applyMean(p: Params, lr: number, count: number): void {
    const step = lr / count;
    descend(p.W1.data, this.dE_dW1, step);
    descend(p.B1.data, this.dE_dB1, step);
    descend(p.W2.data, this.dE_dW2, step);
    descend(p.B2.data, this.dE_dB2, step);
  }
}

function descend(w: Float64Array, g: Float64Array, step: number): void {
  for (let i = 0; i < w.length; i++) w[i] -= step * g[i];
}

/**
 * forward.ts's equations for `rows` samples at once, the first at xs[off …] (n values a row), one layer at a
 * time: I1 = W1ᵀx + B1 for every row, then O1 = σ(I1) for all of them, then I2 = W2ᵀO1 + B2, then O2 = σ(I2).
 * Fills O1 (rows×h) and O2 (rows×n). The exponentials get loops of their own because Math.exp is a call into
 * C that may overwrite every floating-point register, so nothing else should be live across it; over many
 * rows this runs markedly faster than a row at a time (see `npm run bench`). Every sum and product is taken
 * in forward()'s order, bias last, so each row gets forward()'s bits (test/fused.test.ts).
 */
function forwardRows(p: Params, xs: Float64Array, off: number, rows: number, O1: Float64Array, O2: Float64Array): void {
  // W1 is n×h. The callers checked every shape once (paramSizes); this runs for every sample.
  const n = p.W1.rows;
  const h = p.W1.cols;
  const W1 = p.W1.data;
  const B1 = p.B1.data;
  const W2 = p.W2.data;
  const B2 = p.B2.data;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < h; j++) {
      let W1x = 0; // (W1ᵀx)_j = Σ_i W1[i,j] x_i
      for (let i = 0; i < n; i++) W1x += W1[i * h + j] * xs[off + r * n + i];
      O1[r * h + j] = W1x + B1[j]; // I1, until σ below
    }
  }
  for (let q = 0; q < rows * h; q++) O1[q] = sigmoid(O1[q]);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < n; k++) {
      let W2O1 = 0; // (W2ᵀO1)_k = Σ_j W2[j,k] O1_j
      for (let j = 0; j < h; j++) W2O1 += W2[j * n + k] * O1[r * h + j];
      O2[r * n + k] = W2O1 + B2[k]; // I2, until σ below
    }
  }
  for (let q = 0; q < rows * n; q++) O2[q] = sigmoid(O2[q]);
}

/** Rows meanError evaluates at a time: its scratch memory is this many rows of O1 and O2, whatever N is. */
const ERROR_BLOCK = 256;

/**
 * The mean over the rows of X (samples, N×n) of E = Σ(x̂ − x)²: the trainer's error after every epoch. It runs
 * the forward pass a block of rows at a time (forwardRows), then adds each row's E in sampleError()'s order,
 * so the result is the same to the bit as meanError() in forward.ts (test/fused.test.ts).
 */
export function fusedMeanError(p: Params, X: Matrix): number {
  const { n, h } = paramSizes(p);
  if (X.cols !== n) throw new Error(`meanError: data has ${X.cols} columns but the network has ${n} inputs`);
  if (X.rows === 0) throw new Error("meanError: the data set is empty");
  const xs = X.data;
  const block = Math.max(1, Math.min(ERROR_BLOCK, X.rows)); // at least 1, or an empty X would never end the loop
  const O1 = new Float64Array(block * h);
  const O2 = new Float64Array(block * n);
  let total = 0;
  for (let first = 0; first < X.rows; first += block) {
    const rows = Math.min(block, X.rows - first);
    forwardRows(p, xs, first * n, rows, O1, O2);
    for (let r = 0; r < rows; r++) {
      let E = 0;
      for (let k = 0; k < n; k++) {
        const d = O2[r * n + k] - xs[(first + r) * n + k];
        E += d * d;
      }
      total += E;
    }
  }
  return total / X.rows;
}
