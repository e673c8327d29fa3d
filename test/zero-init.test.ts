import { test } from "node:test";
import assert from "node:assert/strict";
import { zeros } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { hiddenUnitAsymmetry, zeroParams } from "../src/baselines/zero-init";
import { hiddenCodes } from "../src/baselines/hidden-code";
import { train } from "../src/train/trainer";
import { backpropMethod } from "../src/train/backprop";

function data(rows: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const X = zeros(rows, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

test("from all-zero weights the hidden units stay exact copies of each other, whatever the steps", () => {
  for (const [n, h, batchSize] of [
    [3, 2, 1],
    [4, 3, 1],
    [3, 2, 5],
  ]) {
    const X = data(20, n, n + h);
    const run = train(backpropMethod, zeroParams(n, h), X, null, { epochs: 7, lr: 0.5, batchSize, seed: 1 });
    assert.notEqual(run.history[7].trainError, run.history[0].trainError, "training changed the outputs");
    assert.ok(
      run.params.W1.data.some((v) => v !== 0),
      "W1 moved away from zero",
    );
    assert.equal(hiddenUnitAsymmetry(run.params), 0, `${n}-${h}-${n}, batch ${batchSize}`);
    const codes = hiddenCodes(run.params, X);
    for (let r = 0; r < X.rows; r++)
      for (let j = 1; j < h; j++) assert.equal(codes.data[r * h + j], codes.data[r * h], `row ${r}, unit ${j}`);
  }
});

test("any symmetric start stays symmetric; a random start is not symmetric and stays so", () => {
  const rng = new Rng(9);
  const p = initParams(3, 2, rng);
  for (let i = 0; i < 3; i++) p.W1.data[i * 2 + 1] = p.W1.data[i * 2]; // copy unit 0 into unit 1
  for (let k = 0; k < 3; k++) p.W2.data[3 + k] = p.W2.data[k];
  const X = data(15, 3, 2);
  assert.equal(hiddenUnitAsymmetry(train(backpropMethod, p, X, null, { epochs: 5, lr: 1 }).params), 0);
  const random = initParams(3, 2, new Rng(4));
  assert.ok(hiddenUnitAsymmetry(random) > 0);
  assert.ok(hiddenUnitAsymmetry(train(backpropMethod, random, X, null, { epochs: 5, lr: 1 }).params) > 0);
});

test("with zero weights the outputs are σ(0) = ½ for every input", () => {
  const X = data(5, 3, 1);
  const codes = hiddenCodes(zeroParams(3, 2), X);
  assert.ok(codes.data.every((v) => v === 0.5));
});
