import { type Matrix } from "../linalg/matrix";
import { type Params, cloneParams, paramSizes } from "../model/params";
import { sigmoid } from "../model/sigmoid";
import { slipById } from "../model/slips";
import { type GradientMethod } from "../train/method";

/*
 * A few slips of the catalogue (model/slips.ts) written into the fused per-sample step, for training them over
 * a thousand epochs and several seeds inside the report: slippedMethod, the readable version, allocates
 * matrices for every factor of every sample and is about 25 times slower here. Each line below is the slip's
 * line of the catalogue; the tests hold every slip here to slippedMethod over whole epochs.
 */

/** The lines of the per-sample step a slip can change here, right by default. */
interface SlipLines {
  /** ∂O2/∂I2 from O2: σ′ = O2(1 − O2), or the slip σ (O2 itself). */
  outputDerivative: (o2: number) => number;
  /** ∂O1/∂I1 from O1: σ′, or σ. */
  hiddenDerivative: (o1: number) => number;
  /** ∂E/∂B2 = 𝟙𝟙ᵀ ∂E/∂I2 (every output bias gets the sum) instead of ∂E/∂I2. */
  onesB2: boolean;
  /** ∂E/∂B1 = 𝟙𝟙ᵀ α instead of α. */
  onesB1: boolean;
}

const sigmaPrime = (y: number): number => y * (1 - y);
const RIGHT: SlipLines = { outputDerivative: sigmaPrime, hiddenDerivative: sigmaPrime, onesB2: false, onesB1: false };

/** The slips written here, by their catalogue id. */
export const FUSED_SLIPS: Readonly<Record<string, Partial<SlipLines>>> = {
  "sigma-for-sigma-prime-output": { outputDerivative: (y) => y },
  "sigma-for-sigma-prime-hidden": { hiddenDerivative: (y) => y },
  "ones-matrix-bias-b2": { onesB2: true },
  "ones-matrix-bias-b1": { onesB1: true },
};

/** Per-sample SGD with one of FUSED_SLIPS in the backward pass (batch size 1 only, as the assignment trains). */
export function fusedSlipMethod(id: string): GradientMethod {
  const lines = FUSED_SLIPS[id];
  if (!lines)
    throw new Error(`fusedSlipMethod: no fused form of slip "${id}" (${Object.keys(FUSED_SLIPS).join(", ")})`);
  const slip = slipById(id); // throws for an id the catalogue does not know
  const L: SlipLines = { ...RIGHT, ...lines };
  return {
    name: `backprop with slip ${slip.id}`,
    start(init: Params, trainX: Matrix) {
      const { n, h } = paramSizes(init);
      const p = cloneParams(init);
      const [W1, B1, W2, B2] = [p.W1.data, p.B1.data, p.W2.data, p.B2.data];
      const xs = trainX.data;
      const O1 = new Float64Array(h);
      const dE_dI2 = new Float64Array(n);
      const alpha = new Float64Array(h);
      return {
        step(order, start, end, lr) {
          if (end - start !== 1) throw new Error("fusedSlipMethod trains per sample (batch size 1)");
          const off = order[start] * n;
          for (let j = 0; j < h; j++) {
            let s = 0;
            for (let i = 0; i < n; i++) s += W1[i * h + j] * xs[off + i];
            O1[j] = sigmoid(s + B1[j]);
          }
          let sumI2 = 0;
          for (let k = 0; k < n; k++) {
            let s = 0;
            for (let j = 0; j < h; j++) s += W2[j * n + k] * O1[j];
            const O2 = sigmoid(s + B2[k]);
            dE_dI2[k] = 2 * (O2 - xs[off + k]) * L.outputDerivative(O2);
            sumI2 += dE_dI2[k];
          }
          let sumAlpha = 0;
          for (let j = 0; j < h; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += W2[j * n + k] * dE_dI2[k];
            alpha[j] = s * L.hiddenDerivative(O1[j]);
            sumAlpha += alpha[j];
          }
          // All gradients are taken at the old weights (computed above), then applied.
          for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) W2[j * n + k] -= lr * (O1[j] * dE_dI2[k]);
          for (let k = 0; k < n; k++) B2[k] -= lr * (L.onesB2 ? sumI2 : dE_dI2[k]);
          for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) W1[i * h + j] -= lr * (xs[off + i] * alpha[j]);
          for (let j = 0; j < h; j++) B1[j] -= lr * (L.onesB1 ? sumAlpha : alpha[j]);
        },
        params: () => p,
        dispose() {},
      };
    },
  };
}
