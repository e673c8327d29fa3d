import { test } from "node:test";
import { type Matrix, zeros } from "../src/linalg/matrix";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { batchGradients } from "../src/model/batch-gradients";
import { backpropSample } from "../src/model/backward";
import { meanError } from "../src/model/forward";
import { centralDifference, expectClose } from "./helpers";

/** Random weights AND non-zero biases, and a random batch in [0, 1]. */
function setup(n: number, h: number, B: number, seed: number): { p: Params; X: Matrix } {
  const rng = new Rng(seed);
  const p = initParams(n, h, rng, { scheme: "normal", scale: 0.8 });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  const X = zeros(B, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return { p, X };
}

const NAMES = ["W1", "B1", "W2", "B2"] as const;
const GRAD = { W1: "dE_dW1", B1: "dE_dB1", W2: "dE_dW2", B2: "dE_dB2" } as const;

test("batch-matrix gradients equal central differences of the mean error", () => {
  for (const [n, h, B, seed] of [
    [3, 2, 5, 1],
    [4, 3, 7, 2],
    [3, 2, 1, 3],
  ]) {
    const { p, X } = setup(n, h, B, seed);
    const g = batchGradients(p, X);
    expectClose(g.E, meanError(p, X), { rtol: 1e-14, what: "E is the mean per-sample error" });
    for (const name of NAMES) {
      const fd = p[name].data.map((_, i) => centralDifference(() => meanError(p, X), p[name].data, i, 1e-6));
      expectClose(g[GRAD[name]].data, fd, { rtol: 1e-6, atol: 1e-9, what: `${n}-${h}-${n}, B=${B}: ${GRAD[name]}` });
    }
  }
});

test("batch-matrix gradients equal the mean of the derivation's per-sample gradients", () => {
  for (const [n, h, B, seed] of [
    [3, 2, 6, 4],
    [4, 3, 9, 5],
  ]) {
    const { p, X } = setup(n, h, B, seed);
    const g = batchGradients(p, X);
    for (const name of NAMES) {
      const mean = new Float64Array(p[name].data.length);
      for (let r = 0; r < B; r++) {
        const s = backpropSample(p, X.data.subarray(r * n, (r + 1) * n));
        s[GRAD[name]].data.forEach((v, i) => (mean[i] += v / B));
      }
      expectClose(g[GRAD[name]].data, mean, { rtol: 1e-12, atol: 1e-15, what: `${GRAD[name]}` });
    }
    // Row r of the batch signals is sample r's signal divided by B.
    const s0 = backpropSample(p, X.data.subarray(0, n));
    expectClose(
      Array.from(g.A.data.subarray(0, h)),
      Array.from(s0.alpha.data, (v) => v / B),
      { rtol: 1e-13 },
    );
  }
});
