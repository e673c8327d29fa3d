import { test } from "node:test";
import assert from "node:assert/strict";
import { zeros } from "../src/linalg/matrix";
import { initParams, cloneParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import {
  linearOutputError,
  linearOutputGradients,
  linearOutputReconstruct,
  trainLinearOutput,
} from "../src/baselines/linear-output-autoencoder";
import { fitPca, pcaReconstruct } from "../src/baselines/pca";
import { meanSquaredError } from "../src/baselines/reconstruction-error";
import { sigmoid } from "../src/model/sigmoid";
import { centralDifference, expectClose } from "./helpers";

test("linear-output network: the forward pass by hand for a 1-1-1 network", () => {
  const p = { W1: zeros(1, 1), B1: zeros(1, 1), W2: zeros(1, 1), B2: zeros(1, 1) };
  p.W1.data[0] = 2;
  p.B1.data[0] = -1;
  p.W2.data[0] = 3;
  p.B2.data[0] = 0.5;
  const X = { rows: 1, cols: 1, data: Float64Array.of(0.25) };
  // I1 = 2·0.25 − 1 = −0.5, x̂ = 3 σ(−0.5) + 0.5, with no sigmoid on top.
  expectClose(linearOutputReconstruct(p, X).data[0], 3 * sigmoid(-0.5) + 0.5, { rtol: 1e-15 });
});

test("linear-output gradients equal central differences (non-zero biases)", () => {
  const rng = new Rng(2);
  for (const [n, h] of [
    [3, 2],
    [4, 3],
  ]) {
    const p = initParams(n, h, rng, { scheme: "normal", scale: 0.9 });
    for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
    const x = Array.from({ length: n }, () => rng.uniform());
    const X = { rows: 1, cols: n, data: Float64Array.from(x) };
    const g = linearOutputGradients(p, x);
    const pairs = [
      ["W1", g.dE_dW1],
      ["B1", g.dE_dB1],
      ["W2", g.dE_dW2],
      ["B2", g.dE_dB2],
    ] as const;
    for (const [name, grad] of pairs) {
      const fd = p[name].data.map((_, i) => centralDifference(() => linearOutputError(p, X), p[name].data, i, 1e-6));
      expectClose(grad, fd, { rtol: 1e-6, atol: 1e-9, what: `${n}-${h}-${n} ${name}` });
    }
  }
});

test("trained by SGD on nearly planar data, the linear-output network gets close to PCA's error", () => {
  const rng = new Rng(6);
  const X = zeros(80, 3);
  for (let r = 0; r < 80; r++) {
    const a = rng.uniform();
    const b = rng.uniform();
    X.data.set([0.2 + 0.5 * a, 0.2 + 0.3 * a + 0.3 * b, 0.7 - 0.4 * b + 0.02 * rng.normal()], r * 3);
  }
  const init = initParams(3, 2, new Rng(1));
  const before = cloneParams(init);
  const run = trainLinearOutput(init, X, null, { epochs: 400, lr: 0.1, seed: 0 });
  assert.deepEqual(init, before, "the initial weights are not changed");
  const pca = meanSquaredError(pcaReconstruct(fitPca(X, 2), X), X);
  const start = linearOutputError(init, X);
  assert.ok(run.trainError < start / 20, `trained ${run.trainError} vs initial ${start}`);
  assert.ok(run.trainError >= pca * (1 - 1e-9), "no 2-unit bottleneck beats PCA on its own training rows");
  assert.ok(run.trainError < 3 * pca + 1e-4, `linear output ${run.trainError} vs PCA ${pca}`);
});

test("one epoch of trainLinearOutput on one row is exactly W ← W − η ∂E/∂W with linearOutputGradients", () => {
  const rng = new Rng(8);
  const p = initParams(3, 2, rng, { scheme: "normal", scale: 0.7 });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  const x = [0.3, 0.8, 0.1];
  const g = linearOutputGradients(p, x);
  const X = { rows: 1, cols: 3, data: Float64Array.from(x) };
  const after = trainLinearOutput(p, X, null, { epochs: 1, lr: 0.3 }).params;
  const pairs = [
    ["W1", g.dE_dW1],
    ["B1", g.dE_dB1],
    ["W2", g.dE_dW2],
    ["B2", g.dE_dB2],
  ] as const;
  for (const [name, grad] of pairs)
    assert.deepEqual(
      Array.from(after[name].data),
      Array.from(p[name].data, (w, i) => w - 0.3 * grad[i]),
      name,
    );
});
