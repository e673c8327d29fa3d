import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { sgdUpdate } from "../src/model/update";
import { backward } from "../src/model/backward";
import { FusedBackprop } from "../src/model/fused";
import { initParams, cloneParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";

/** W − η ∂E/∂W for all four parameters, from the derivation-aligned gradients. */
function derivationStep(p: Params, x: number[], lr: number): Params {
  return sgdUpdate(p, backward(p, x), lr);
}

test("the fused per-sample SGD step is bitwise equal to the derivation-aligned update", () => {
  const rng = new Rng(99);
  for (let trial = 0; trial < 30; trial++) {
    const n = 1 + rng.int(6);
    const h = 1 + rng.int(4);
    const p = initParams(n, h, rng, { scheme: "normal" });
    const x = Array.from({ length: n }, () => rng.uniform());
    const lr = rng.range(0.01, 2);
    const expected = derivationStep(p, x, lr);
    const fused = cloneParams(p);
    FusedBackprop.for(fused).sgdStep(fused, Float64Array.from(x), 0, lr);
    for (const k of ["W1", "B1", "W2", "B2"] as const)
      assert.deepEqual(fused[k].data, expected[k].data, `${k} (n=${n}, h=${h})`);
  }
});

test("the fused mini-batch gradient is the mean of the derivation-aligned per-sample gradients", () => {
  const rng = new Rng(7);
  const p = initParams(3, 2, rng, { scheme: "uniform" });
  const rows = Array.from({ length: 9 }, () => [rng.uniform(), rng.uniform(), rng.uniform()]);
  const X = fromRows(rows);
  const order = [4, 0, 8, 2, 6];
  const fused = FusedBackprop.for(p);
  fused.meanGradient(p, X, order, 1, 4); // rows 0, 8, 2
  const picked = [rows[0], rows[8], rows[2]].map((x) => backward(p, x));
  const mean = (k: "dE_dW1" | "dE_dB1" | "dE_dW2" | "dE_dB2"): number[] =>
    Array.from(picked[0][k].data, (_, i) => (picked[0][k].data[i] + picked[1][k].data[i] + picked[2][k].data[i]) / 3);
  const close = (a: Float64Array, b: number[], what: string): void =>
    a.forEach((v, i) =>
      assert.ok(Math.abs(v - b[i]) <= 1e-15 + 1e-13 * Math.abs(b[i]), `${what}[${i}]: ${v} vs ${b[i]}`),
    );
  close(fused.gW1, mean("dE_dW1"), "W1");
  close(fused.gB1, mean("dE_dB1"), "B1");
  close(fused.gW2, mean("dE_dW2"), "W2");
  close(fused.gB2, mean("dE_dB2"), "B2");
});
