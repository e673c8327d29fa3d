import { test } from "node:test";
import assert from "node:assert/strict";
import { backpropSample } from "../src/model/backward";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { type Matrix, toRows, transpose, fromRows } from "../src/linalg/matrix";
import {
  CHAIN,
  SLIPS,
  factorSlips,
  slipById,
  slippedBackward,
  slipChangesShapes,
  type FactorSlip,
} from "../src/model/slips";
import { slippedMethod } from "../src/train/slipped";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";

/** Random weights and non-zero biases, scaled so that no unit saturates and every factor is well away from 0. */
function randomParams(n: number, h: number, seed: number): Params {
  const rng = new Rng(seed);
  const p = initParams(n, h, rng, { scheme: "uniform", scale: 1.5 });
  for (const B of [p.B1, p.B2]) for (let i = 0; i < B.data.length; i++) B.data[i] = rng.range(-0.5, 0.5);
  return p;
}

function sample(n: number, seed: number): number[] {
  const rng = new Rng(seed + 1000);
  return Array.from({ length: n }, () => rng.range(0.05, 0.95));
}

function same(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.data.every((v, i) => Object.is(v, b.data[i]));
}

test("without a slip the chain is backward.ts's, bit for bit, at several sizes", () => {
  for (const [n, h, seed] of [
    [3, 2, 1],
    [4, 3, 2],
    [2, 5, 3],
    [3, 3, 4],
  ] as const) {
    const p = randomParams(n, h, seed);
    const x = sample(n, seed);
    const ref = backpropSample(p, x);
    const chain = slippedBackward(p, x, null);
    assert.ok(chain);
    for (const f of CHAIN) assert.ok(same(chain[f], ref[f]), `${f} at ${n}-${h}-${n}`);
  }
});

test("a factor slip leaves every factor before its line untouched and changes its own (square network)", () => {
  // n = h = 3, so that every transpose slip can be written and must show in the values.
  const p = randomParams(3, 3, 11);
  const x = sample(3, 11);
  const ref = slippedBackward(p, x, null)!;
  for (const slip of factorSlips()) {
    const got = slippedBackward(p, x, slip);
    assert.ok(got, `${slip.id} is expressible when n = h`);
    const at = CHAIN.indexOf(slip.factor);
    for (const f of CHAIN.slice(0, at)) assert.ok(same(got[f], ref[f]), `${slip.id}: ${f} comes before the slip`);
    assert.ok(!same(got[slip.factor], ref[slip.factor]), `${slip.id}: ${slip.factor} differs`);
  }
});

test("slips with a closed form: the dropped 2 halves and the reversed difference negates every gradient exactly", () => {
  // Multiplying by 2 or −1 is exact in floating point, so the whole chain scales exactly.
  const p = randomParams(3, 2, 5);
  const x = sample(3, 5);
  const ref = slippedBackward(p, x, null)!;
  const half = slippedBackward(p, x, slipById("dropped-two") as FactorSlip)!;
  const neg = slippedBackward(p, x, slipById("sign-of-error") as FactorSlip)!;
  for (const g of ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"] as const) {
    assert.deepEqual(
      Array.from(half[g].data),
      Array.from(ref[g].data, (v) => v / 2),
      g,
    );
    assert.deepEqual(
      Array.from(neg[g].data),
      Array.from(ref[g].data, (v) => -v),
      g,
    );
  }
});

test("the ones-matrix bias slips give every bias the sum of the right bias gradients", () => {
  const p = randomParams(3, 2, 6);
  const x = sample(3, 6);
  const ref = slippedBackward(p, x, null)!;
  const b2 = slippedBackward(p, x, slipById("ones-matrix-bias-b2") as FactorSlip)!;
  const b1 = slippedBackward(p, x, slipById("ones-matrix-bias-b1") as FactorSlip)!;
  const sum = (m: Matrix): number => m.data.reduce((a, v) => a + v, 0);
  for (const v of b2.dE_dB2.data) assert.ok(Math.abs(v - sum(ref.dE_dB2)) < 1e-15);
  for (const v of b1.dE_dB1.data) assert.ok(Math.abs(v - sum(ref.dE_dB1)) < 1e-15);
});

test("σ in place of σ′ puts the layer's output where its derivative belongs", () => {
  const p = randomParams(3, 2, 7);
  const x = sample(3, 7);
  const out = slippedBackward(p, x, slipById("sigma-for-sigma-prime-output") as FactorSlip)!;
  const hid = slippedBackward(p, x, slipById("sigma-for-sigma-prime-hidden") as FactorSlip)!;
  const fp = backpropSample(p, x).forward;
  assert.ok(same(out.dO2_dI2, fp.O2));
  assert.ok(same(hid.dO1_dI1, fp.O1));
});

test("at 3-2-3 the transpose slips either cannot be written or give a gradient shaped like the transpose", () => {
  const p = randomParams(3, 2, 8);
  const x = sample(3, 8);
  assert.equal(slippedBackward(p, x, slipById("w2-transposed") as FactorSlip), null);
  const w2 = slippedBackward(p, x, slipById("outer-product-transposed-w2") as FactorSlip)!;
  assert.deepEqual([w2.dE_dW2.rows, w2.dE_dW2.cols], [3, 2]);
  // (O1 δᵀ)ᵀ = δ O1ᵀ: the slipped gradient is the right one transposed.
  assert.deepEqual(toRows(w2.dE_dW2), toRows(transpose(backpropSample(p, x).dE_dW2)));
  assert.ok(slipChangesShapes(slipById("outer-product-transposed-w1") as FactorSlip, p));
  assert.ok(slipChangesShapes(slipById("o2-for-o1") as FactorSlip, p));
  assert.ok(!slipChangesShapes(slipById("dropped-two") as FactorSlip, p));
  // The same transposes keep the shapes when n = h: only the values can show them.
  const square = randomParams(3, 3, 8);
  assert.ok(!slipChangesShapes(slipById("outer-product-transposed-w2") as FactorSlip, square));
});

test("every slip has a distinct id, and step slips scale the update as stated", () => {
  assert.equal(new Set(SLIPS.map((s) => s.id)).size, SLIPS.length);
  const sign = slipById("update-sign");
  const sum = slipById("sum-not-mean");
  assert.ok(sign.kind === "update" && sign.stepFactor(7) === -1);
  assert.ok(sum.kind === "batch" && sum.stepFactor(7) === 7);
  assert.throws(() => slipById("nope"), /unknown slip "nope"/);
});

const rows = fromRows([
  [0.1, 0.5, 0.9],
  [0.8, 0.2, 0.4],
  [0.3, 0.7, 0.6],
  [0.9, 0.9, 0.1],
  [0.2, 0.1, 0.3],
]);

test("training without a slip is backprop's training bit for bit (per-sample SGD)", () => {
  const init = randomParams(3, 2, 9);
  const opts = { epochs: 30, lr: 0.5, seed: 3 };
  const a = train(slippedMethod(null), init, rows, null, opts);
  const b = train(backpropMethod, init, rows, null, opts);
  assert.deepEqual(
    a.history.map((r) => r.trainError),
    b.history.map((r) => r.trainError),
  );
});

test("training with the dropped 2 is training at half the learning rate, and the sign slip climbs the error", () => {
  const init = randomParams(3, 2, 10);
  const dropped = train(slippedMethod(slipById("dropped-two")), init, rows, null, { epochs: 20, lr: 0.5, seed: 1 });
  const halfLr = train(slippedMethod(null), init, rows, null, { epochs: 20, lr: 0.25, seed: 1 });
  assert.deepEqual(
    dropped.history.map((r) => r.trainError),
    halfLr.history.map((r) => r.trainError),
  );
  const up = train(slippedMethod(slipById("update-sign")), init, rows, null, { epochs: 20, lr: 0.5, seed: 1 });
  assert.ok(up.history[20].trainError > up.history[0].trainError);
  const sum = train(slippedMethod(slipById("sum-not-mean")), init, rows, null, {
    epochs: 5,
    lr: 0.1,
    batchSize: 5,
    seed: 1,
  });
  const bigLr = train(slippedMethod(null), init, rows, null, { epochs: 5, lr: 0.5, batchSize: 5, seed: 1 });
  const close = sum.history.every((r, i) => Math.abs(r.trainError - bigLr.history[i].trainError) < 1e-12);
  assert.ok(close, "summing 5 gradients is a 5× learning rate");
});
