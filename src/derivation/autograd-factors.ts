import { type Matrix, column } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { type Tensor, constant } from "../autograd/tensor";
import { backward } from "../autograd/backward";
import { mul, sum } from "../autograd/ops";
import { autoencoderForward, paramTensors, type AutoencoderGraph } from "../autograd/autoencoder";
import { type FactorName } from "./factors";

/**
 * Each factor of the derivation read off the autograd engine for one sample, with no use of the hand derivation (model/backward.ts).
 * Gradients of E come from one backward pass from E. The local factors are derivatives of something other
 * than E, so each gets its own graph and a backward pass from a scalar that isolates it: Σ O2 for the
 * diagonal σ'(I2), Σ I2 for ∂I2/∂W2, I2_k for row k of the Jacobian ∂I2/∂O1, and so on.
 * The engine keeps samples as rows; results are turned back into the derivation's columns.
 */
export function autogradFactors(p: Params, xs: ArrayLike<number>): Record<FactorName, Matrix> {
  const { n, h } = paramSizes(p);
  if (xs.length !== n) throw new Error(`autogradFactors: sample has ${xs.length} values, the network ${n} inputs`);
  const fresh = (): { P: ReturnType<typeof paramTensors>; g: AutoencoderGraph } => {
    const P = paramTensors(p);
    return { P, g: autoencoderForward(P, constant(1, n, Float64Array.from(xs), "x")) };
  };
  const grad = (t: Tensor): Float64Array => t.grad?.data ?? new Float64Array(t.data.length);
  const col = (v: ArrayLike<number>): Matrix => column(v);
  const mat = (rows: number, cols: number, v: Float64Array): Matrix => ({ rows, cols, data: v.slice() });
  /** Backward from the scalar f(graph) in a graph of its own. */
  const from = (f: (g: AutoencoderGraph) => Tensor) => {
    const run = fresh();
    backward(f(run.g));
    return run;
  };

  const full = from((g) => g.E);
  const dO2_dI2 = from((g) => sum(g.O2));
  const dO1_dI1 = from((g) => sum(g.O1));
  const viaI2 = from((g) => sum(g.I2));
  const viaI1 = from((g) => sum(g.I1));
  // ∂I2/∂O1 is a full h×n matrix (entry j,k = ∂I2_k/∂O1_j): one backward pass per output k.
  const dI2_dO1 = new Float64Array(h * n);
  for (let k = 0; k < n; k++) {
    const pick = new Float64Array(n);
    pick[k] = 1;
    const run = from((g) => sum(mul(g.I2, constant(1, n, pick))));
    const o1 = grad(run.g.O1);
    for (let j = 0; j < h; j++) dI2_dO1[j * n + k] = o1[j];
  }
  const firstColumn = (t: Tensor, cols: number): number[] =>
    Array.from({ length: t.rows }, (_, r) => grad(t)[r * cols]);

  return {
    dE_dO2: col(grad(full.g.O2)),
    dO2_dI2: col(grad(dO2_dI2.g.I2)),
    dE_dI2: col(grad(full.g.I2)),
    dI2_dW2: col(firstColumn(viaI2.P.W2, n)),
    dE_dW2: mat(h, n, grad(full.P.W2)),
    dE_dB2: col(grad(full.P.B2)),
    dI2_dO1: mat(h, n, dI2_dO1),
    dO1_dI1: col(grad(dO1_dI1.g.I1)),
    alpha: col(grad(full.g.I1)),
    dI1_dW1: col(firstColumn(viaI1.P.W1, h)),
    dE_dW1: mat(n, h, grad(full.P.W1)),
    dE_dB1: col(grad(full.P.B1)),
  };
}
