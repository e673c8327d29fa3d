import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, zeros } from "../src/linalg/matrix";
import { sgdUpdate } from "../src/model/update";
import { backpropSample } from "../src/model/backward";
import { forward, meanError, sampleError } from "../src/model/forward";
import { FusedBackprop, fusedMeanError } from "../src/model/fused";
import { initParams, cloneParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { expectClose } from "./helpers";

const PARAMS = ["W1", "B1", "W2", "B2"] as const;
const GRADS = { W1: "dE_dW1", B1: "dE_dB1", W2: "dE_dW2", B2: "dE_dB2" } as const;

/** Random sizes, weights, non-zero biases and rows in [0, 1]. */
function randomCase(rng: Rng, rows = 1): { p: Params; X: Matrix } {
  const n = 1 + rng.int(6);
  const h = 1 + rng.int(4);
  const p = initParams(n, h, rng, { scheme: "normal" });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  const X = zeros(rows, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return { p, X };
}

test("fusedMeanError, block by block and layer by layer, is the mean of forward()'s per-sample E bit for bit", () => {
  const rng = new Rng(98);
  // Row counts below, at and across the 256-row blocks fusedMeanError works in.
  for (const rows of [1, 5, 255, 256, 257, 700]) {
    for (let trial = 0; trial < 8; trial++) {
      const { p, X } = randomCase(rng, rows);
      let total = 0;
      for (let r = 0; r < X.rows; r++) {
        const fp = forward(p, X.data.subarray(r * X.cols, (r + 1) * X.cols));
        total += sampleError(fp.O2, fp.x);
      }
      assert.equal(meanError(p, X), total / X.rows, `meanError, ${rows} rows, trial ${trial}`);
      assert.equal(fusedMeanError(p, X), total / X.rows, `fusedMeanError, ${rows} rows, trial ${trial}`);
    }
  }
});

test("the fused per-sample SGD step is bitwise equal to the derivation's update, biases included", () => {
  const rng = new Rng(99);
  for (let trial = 0; trial < 50; trial++) {
    const { p, X } = randomCase(rng);
    const lr = rng.range(0.01, 2);
    const expected = sgdUpdate(p, backpropSample(p, X.data), lr);
    const fused = cloneParams(p);
    FusedBackprop.for(fused).sgdStep(fused, X.data, 0, lr);
    for (const k of PARAMS) assert.deepEqual(fused[k].data, expected[k].data, `${k}, trial ${trial}`);
  }
});

test("backprop's Stepper.step with 3 and 7 rows moves the weights by η × the mean per-sample gradient", () => {
  // Batch sizes that are not powers of two: sum / count is then not exact, so this is a 1e-12 check.
  const rng = new Rng(7);
  for (const batch of [3, 7]) {
    for (let trial = 0; trial < 10; trial++) {
      const { p, X } = randomCase(rng, 11);
      const order = Uint32Array.from([4, 0, 8, 2, 6, 10, 1, 9, 3, 5, 7]);
      const lr = rng.range(0.05, 1);
      const stepper = backpropMethod.start(p, X);
      stepper.step(order, 2, 2 + batch, lr);
      const picked = Array.from(order.subarray(2, 2 + batch), (r) =>
        backpropSample(p, X.data.subarray(r * X.cols, (r + 1) * X.cols)),
      );
      for (const k of PARAMS) {
        const expected = p[k].data.map(
          (w, i) => w - (lr * picked.reduce((s, g) => s + g[GRADS[k]].data[i], 0)) / batch,
        );
        expectClose(stepper.params()[k].data, expected, { rtol: 1e-12, atol: 1e-15, what: `${k}, batch ${batch}` });
      }
      assert.ok(
        PARAMS.some((k) => stepper.params()[k].data.some((v, i) => v !== p[k].data[i])),
        "the step moved the weights",
      );
    }
  }
});

test("a NaN in the sample propagates to E, to every gradient and to every updated weight, on every path", () => {
  const p = initParams(3, 2, new Rng(4));
  const x = Float64Array.of(0.2, NaN, 0.7);
  const fp = forward(p, x);
  assert.ok(Number.isNaN(sampleError(fp.O2, fp.x)), "forward + sampleError");
  assert.ok(Number.isNaN(meanError(p, { rows: 1, cols: 3, data: x })), "meanError");
  assert.ok(Number.isNaN(fusedMeanError(p, { rows: 1, cols: 3, data: x })), "fusedMeanError");
  const g = backpropSample(p, x);
  for (const k of PARAMS) assert.ok(g[GRADS[k]].data.every(Number.isNaN), `backpropSample ${GRADS[k]}`);
  const fused = cloneParams(p);
  FusedBackprop.for(fused).sgdStep(fused, x, 0, 0.1);
  for (const k of PARAMS) assert.ok(fused[k].data.every(Number.isNaN), `fused sgdStep ${k}`);
});
