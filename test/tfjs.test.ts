import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, zeros } from "../src/linalg/matrix";
import { backpropSample } from "../src/model/backward";
import { type Gradients } from "../src/model/gradients";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { tfjsMethod } from "../src/train/tfjs";
import { train } from "../src/train/trainer";
import { tf } from "../src/tfjs/tf";
import { FLOAT32_TOLERANCE, tfjsGradients } from "../src/tfjs/autoencoder";
import { expectClose } from "./helpers";

/*
 * TensorFlow.js as an independent engine: its gradients and a short training run must match backprop
 * within the float32 tolerance that src/tfjs/autoencoder.ts derives (FLOAT32_TOLERANCE). TF.js on the
 * cpu backend is slow per update (see `npm run bench`), so the runs here are kept to a few hundred updates.
 */

const GRADS = ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"] as const;

function randomRows(rng: Rng, rows: number, n: number): Matrix {
  const X = zeros(rows, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

/** |g_tfjs − g| ≤ tolerance · max|g| for every entry; returns the largest difference in units of max|g|. */
function expectGradientsClose(tfjs: Gradients, exact: Gradients, what: string): number {
  const scale = Math.max(...GRADS.flatMap((g) => Array.from(exact[g].data, Math.abs)));
  let worst = 0;
  for (const g of GRADS) {
    expectClose(tfjs[g], exact[g], { rtol: 0, atol: FLOAT32_TOLERANCE.gradient * scale, what: `${what}: ${g}` });
    exact[g].data.forEach((v, i) => (worst = Math.max(worst, Math.abs(tfjs[g].data[i] - v) / scale)));
  }
  return worst;
}

test("TF.js gradients match the derivation-aligned ones within the float32 tolerance, for random samples", () => {
  const rng = new Rng(21);
  let worst = 0;
  for (let trial = 0; trial < 40; trial++) {
    const p = initParams(3, 2, rng, { scheme: "normal", scale: 1.5 });
    for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
    const x = randomRows(rng, 1, 3);
    worst = Math.max(worst, expectGradientsClose(tfjsGradients(p, x), backpropSample(p, x.data), `sample ${trial}`));
  }
  // Float32 is really in play: a float64 engine would agree to ~1e-16, not ~1e-7.
  assert.ok(worst > 1e-9, `TF.js agreed to ${worst}: is it computing in float64?`);
});

test("TF.js's batch gradient matches backprop's batch-mean gradient within the float32 tolerance", () => {
  const rng = new Rng(22);
  const p = initParams(3, 2, rng);
  const X = randomRows(rng, 40, 3);
  // The mean of the derivation's per-sample gradients, in float64.
  const perSample = Array.from({ length: X.rows }, (_, r) => backpropSample(p, X.data.subarray(3 * r, 3 * r + 3)));
  const mean = (g: (typeof GRADS)[number]): Matrix => ({
    ...perSample[0][g],
    data: perSample[0][g].data.map((_, i) => perSample.reduce((s, d) => s + d[g].data[i], 0) / X.rows),
  });
  const exact: Gradients = {
    dE_dW1: mean("dE_dW1"),
    dE_dB1: mean("dE_dB1"),
    dE_dW2: mean("dE_dW2"),
    dE_dB2: mean("dE_dB2"),
  };
  expectGradientsClose(tfjsGradients(p, X), exact, "batch of 40");
});

test("a short TF.js training run follows backprop's history and weights (batch 1 and 16) and leaks no tensors", () => {
  const rng = new Rng(23);
  const X = randomRows(rng, 48, 3);
  for (let r = 0; r < X.rows; r++) X.data[3 * r + 2] = (X.data[3 * r] + X.data[3 * r + 1]) / 2;
  const T = randomRows(rng, 16, 3);
  const init: Params = initParams(3, 2, rng);
  const before = tf.memory().numTensors;
  tfjsGradients(init, X);
  for (const batchSize of [1, 16]) {
    const options = { epochs: 10, lr: 0.5, batchSize, seed: 4 };
    const a = train(backpropMethod, init, X, T, options);
    const b = train(tfjsMethod, init, X, T, options);
    assert.equal(b.method, "tfjs");
    const curve = (r: typeof a): number[] => r.history.flatMap((e) => [e.trainError, e.testError!]);
    expectClose(curve(b), curve(a), { rtol: FLOAT32_TOLERANCE.history, what: `error history, batch ${batchSize}` });
    for (const k of ["W1", "B1", "W2", "B2"] as const) {
      expectClose(b.params[k], a.params[k], {
        rtol: 0,
        atol: FLOAT32_TOLERANCE.weights,
        what: `${k}, batch ${batchSize}`,
      });
    }
    assert.ok(a.history[10].trainError < a.history[0].trainError, "the run actually trains");
  }
  assert.equal(tf.memory().numTensors, before, "every tensor of the runs was disposed");
});
