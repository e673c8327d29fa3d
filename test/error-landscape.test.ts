import { test } from "node:test";
import assert from "node:assert/strict";
import { weightsAtEpochs } from "../src/baselines/long-run";
import {
  flattenParams,
  gradientNorm,
  hessianSpectrum,
  linearOutputErrorLandscape,
  sigmoidErrorLandscape,
  unflattenParams,
} from "../src/baselines/error-landscape";
import { lbfgs } from "../src/baselines/lbfgs";
import { linearOutputError } from "../src/baselines/linear-output-autoencoder";
import { fitPca, pcaReconstruct } from "../src/baselines/pca";
import { meanSquaredError } from "../src/baselines/reconstruction-error";
import { fromArray } from "../src/linalg/matrix";
import { meanError } from "../src/model/forward";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";
import { centralDifference, expectClose } from "./helpers";

const rng = new Rng(11);
const X = fromArray(
  20,
  3,
  Array.from({ length: 60 }, () => 0.1 + 0.8 * rng.uniform()),
);
const p = initParams(3, 2, new Rng(4));

test("weightsAtEpochs gives train()'s weights, bit for bit, at the epochs asked for", () => {
  const w = weightsAtEpochs(backpropMethod, p, X, { epochs: [3, 7], lr: 0.5, seed: 2 });
  for (const e of [3, 7]) {
    const t = train(backpropMethod, p, X, null, { epochs: e, lr: 0.5, seed: 2 });
    assert.deepEqual(flattenParams(w.get(e)!), flattenParams(t.params));
  }
});

test("the landscape's value is meanError and its gradient matches finite differences", () => {
  const fg = sigmoidErrorLandscape(X, 2);
  const x = flattenParams(p);
  const g = new Float64Array(x.length);
  expectClose(fg(x, g), meanError(p, X), { rtol: 1e-14 });
  for (let i = 0; i < x.length; i++) {
    const fd = centralDifference(() => fg(x, new Float64Array(x.length)), x, i, 1e-6);
    expectClose(g[i], fd, { rtol: 1e-6, atol: 1e-10, what: `∂E/∂x${i}` });
  }
  assert.deepEqual(flattenParams(unflattenParams(x, 3, 2)), x);
});

test("the linear-output landscape's value is linearOutputError and its gradient matches finite differences", () => {
  const fg = linearOutputErrorLandscape(X, 2);
  const x = flattenParams(p);
  const g = new Float64Array(x.length);
  expectClose(fg(x, g), linearOutputError(p, X), { rtol: 1e-13 });
  for (let i = 0; i < x.length; i++) {
    const fd = centralDifference(() => fg(x, new Float64Array(x.length)), x, i, 1e-6);
    expectClose(g[i], fd, { rtol: 1e-6, atol: 1e-10, what: `∂E/∂x${i}` });
  }
});

test("Hessian spectrum: exact on a quadratic with known eigenvalues 1, 10, 1000", () => {
  // f = ½(x0² + 10 x1² + 1000 x2²): Hessian diag(1, 10, 1000), condition number 1000.
  const d = [1, 10, 1000];
  const fg = (x: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < 3; i++) g[i] = d[i] * x[i];
    return 0.5 * d.reduce((s, di, i) => s + di * x[i] ** 2, 0);
  };
  const h = hessianSpectrum(fg, [0.3, -2, 5]);
  expectClose(h.values, [1000, 10, 1], { rtol: 1e-8 });
  expectClose(h.condition, 1000, { rtol: 1e-8 });
  assert.equal(gradientNorm(fg, [0, 0, 0]), 0);
});

test("a linear output layer reaches PCA's error with as many components as hidden units (Baldi–Hornik)", () => {
  const pca = fitPca(X, 2);
  const floor = meanSquaredError(pcaReconstruct(pca, X), X);
  const r = lbfgs(linearOutputErrorLandscape(X, 2), flattenParams(p), { maxIterations: 3000 });
  // Never below the linear optimum (the decoder is linear), and within 1% of it.
  assert.ok(r.value >= floor * (1 - 1e-9), `${r.value} < ${floor}`);
  assert.ok(r.value <= floor * 1.01, `${r.value} vs PCA ${floor}`);
});
