import { test } from "node:test";
import assert from "node:assert/strict";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { autogradFactors } from "../src/derivation/autograd-factors";
import { FACTORS, derivationFactors, finiteDifferenceFactors, maxAbsDiff } from "../src/derivation/factors";

/** Random sizes and weights with non-zero biases, and a sample in [0, 1]ⁿ. */
function randomCase(rng: Rng): { p: Params; x: number[]; n: number; h: number } {
  const n = 2 + rng.int(4);
  const h = 1 + rng.int(3);
  const p = initParams(n, h, rng, { scheme: "normal" });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  return { p, x: Array.from({ length: n }, () => rng.uniform()), n, h };
}

test("every factor of the derivation equals its finite-difference definition (the notebook's living derivation)", () => {
  const rng = new Rng(17);
  for (let trial = 0; trial < 10; trial++) {
    const { p, x, n, h } = randomCase(rng);
    const fd = finiteDifferenceFactors(p, x);
    const dv = derivationFactors(p, x);
    for (const f of FACTORS) {
      const diff = maxAbsDiff(fd[f], dv[f]);
      assert.ok(diff < 1e-8, `${f} (n=${n}, h=${h}): finite differences differ by ${diff}`);
    }
  }
});

test("the finite-difference factors catch a wrong one: σ(I2) in place of σ'(I2) is far off", () => {
  const rng = new Rng(2);
  for (let trial = 0; trial < 10; trial++) {
    const { p, x } = randomCase(rng);
    const fd = finiteDifferenceFactors(p, x);
    const dv = derivationFactors(p, x);
    assert.ok(maxAbsDiff(fd.dO2_dI2, dv.pass.forward.O2) > 1e-3, `trial ${trial}`);
  }
});

test("the autograd engine, asked factor by factor, reproduces every factor bit for bit, biases included", () => {
  // Notebook 1 states this for any weights: both paths add the bias after the product and multiply in the
  // same order, so there is no rounding difference to allow for.
  const rng = new Rng(23);
  for (let trial = 0; trial < 200; trial++) {
    const { p, x, n, h } = randomCase(rng);
    const ag = autogradFactors(p, x);
    const dv = derivationFactors(p, x);
    for (const f of FACTORS) assert.deepEqual(ag[f], dv[f], `${f} (n=${n}, h=${h}, trial ${trial})`);
  }
});
