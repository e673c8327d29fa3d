import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, zeros, fromArray } from "../src/linalg/matrix";
import { backpropSample } from "../src/model/backward";
import { forward, sampleError } from "../src/model/forward";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { autogradMethod } from "../src/train/autograd";
import { train } from "../src/train/trainer";
import { autogradGradients, autoencoderForward, batchTensor, paramTensors, constant } from "../src/autograd/index";
import { expectClose } from "./helpers";

const GRADS = ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"] as const;

function randomParams(rng: Rng, n: number, h: number): Params {
  const p = initParams(n, h, rng, { scheme: "normal", scale: 1.5 });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  return p;
}

function randomRows(rng: Rng, rows: number, n: number): Matrix {
  const X = zeros(rows, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

test("for one sample the engine's gradients are bitwise the derivation's, on random sizes and non-zero biases", () => {
  // Both add the bias after the product and multiply in the same order, so not even the last bit differs.
  const rng = new Rng(11);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + rng.int(6);
    const h = 1 + rng.int(5);
    const p = randomParams(rng, n, h);
    const x = randomRows(rng, 1, n);
    const byHand = backpropSample(p, x.data);
    const engine = autogradGradients(p, x);
    for (const g of GRADS) assert.deepEqual(engine[g], byHand[g], `${g} (n=${n}, h=${h}, trial ${trial})`);
  }
});

test("the recorded forward pass is the derivation's, transposed: rows instead of columns", () => {
  const rng = new Rng(13);
  const p = randomParams(rng, 3, 2);
  const x = randomRows(rng, 1, 3);
  const graph = autoencoderForward(paramTensors(p), constant(1, 3, x.data, "x"));
  const fp = forward(p, x.data);
  for (const k of ["I1", "O1", "I2", "O2"] as const) {
    assert.equal(graph[k].rows, 1, `${k} is a row`);
    assert.deepEqual(graph[k].data, fp[k].data, `${k}, bitwise`);
    assert.equal(graph[k].name, k);
  }
  assert.deepEqual(Array.from(graph.E.data), [sampleError(fp.O2, fp.x)], "E, bitwise");
  assert.throws(
    () => autoencoderForward(paramTensors(p), constant(1, 4, new Float64Array(4))),
    /autoencoder: the batch is 1×4 but the network has 3 inputs/,
  );
});

test("parameter tensors share the Params' numbers, and batchTensor gathers rows in the given order", () => {
  const p = randomParams(new Rng(14), 3, 2);
  const P = paramTensors(p);
  P.B1.data[1] = 42;
  assert.equal(p.B1.data[1], 42);
  assert.equal(P.B1.rows, 1);
  assert.equal(P.B1.cols, 2);
  const X = fromArray(3, 2, [1, 2, 3, 4, 5, 6]);
  const batch = batchTensor(X, Uint32Array.of(2, 0, 1), 0, 2);
  assert.deepEqual(Array.from(batch.data), [5, 6, 1, 2]);
  assert.equal(batch.requiresGrad, false);
});

test("trained from the same init and order, autograd and backprop agree to 1e-10 after 100 epochs (batch 1 and 16)", () => {
  const rng = new Rng(15);
  const X = randomRows(rng, 48, 3);
  for (let r = 0; r < X.rows; r++) X.data[3 * r + 2] = (X.data[3 * r] + X.data[3 * r + 1]) / 2; // a learnable surface
  const T = randomRows(rng, 16, 3);
  const init = initParams(3, 2, rng);
  for (const batchSize of [1, 16]) {
    const options = { epochs: 100, lr: 0.5, batchSize, seed: 3 };
    const a = train(backpropMethod, init, X, T, options);
    const b = train(autogradMethod, init, X, T, options);
    assert.equal(b.method, "autograd");
    assert.equal(b.history.length, 101);
    const curve = (r: typeof a): number[] => r.history.flatMap((e) => [e.trainError, e.testError!]);
    expectClose(curve(b), curve(a), { rtol: 1e-10, what: `error history, batch ${batchSize}` });
    for (const k of ["W1", "B1", "W2", "B2"] as const) {
      expectClose(b.params[k], a.params[k], { rtol: 1e-10, atol: 1e-13, what: `final ${k}, batch ${batchSize}` });
    }
    assert.ok(a.history[100].trainError < 0.8 * a.history[0].trainError, "the run actually trains");
  }
});
