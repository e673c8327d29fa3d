import { test } from "node:test";
import assert from "node:assert/strict";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { autogradFactors } from "../src/experiment/autograd-factors";
import { FACTORS, FACTOR_TEX, derivationFactors, finiteDifferenceFactors, maxAbsDiff } from "../src/experiment/factors";

test("every factor of the derivation equals its finite-difference definition (the notebook's living derivation)", () => {
  const rng = new Rng(17);
  for (let trial = 0; trial < 10; trial++) {
    const n = 2 + rng.int(4);
    const h = 1 + rng.int(3);
    const p = initParams(n, h, rng, { scheme: "normal" });
    const x = Array.from({ length: n }, () => rng.uniform());
    const fd = finiteDifferenceFactors(p, x);
    const dv = derivationFactors(p, x);
    for (const f of FACTORS) {
      const diff = maxAbsDiff(fd[f], dv[f]);
      assert.ok(diff < 1e-8, `${f} (n=${n}, h=${h}): finite differences differ by ${diff}`);
    }
  }
});

test("a wrong factor is caught: finite differences see σ'(I2) is not σ(I2)", () => {
  const p = initParams(3, 2, new Rng(2));
  const fd = finiteDifferenceFactors(p, [0.1, 0.5, 0.9]);
  const dv = derivationFactors(p, [0.1, 0.5, 0.9]);
  assert.ok(maxAbsDiff(fd.dO2_dI2, dv.pass.forward.O2) > 0.1);
});

test("every factor has a label and an equation", () => {
  for (const f of FACTORS) {
    assert.ok(FACTOR_TEX[f].label.length > 0);
    assert.match(FACTOR_TEX[f].tex, /=/);
  }
});

test("the autograd engine, asked factor by factor, agrees with the derivation to 1e-12", () => {
  const rng = new Rng(23);
  for (let trial = 0; trial < 10; trial++) {
    const n = 2 + rng.int(4);
    const h = 1 + rng.int(3);
    const p = initParams(n, h, rng, { scheme: "normal" });
    const x = Array.from({ length: n }, () => rng.uniform());
    const ag = autogradFactors(p, x);
    const dv = derivationFactors(p, x);
    for (const f of FACTORS) {
      assert.deepEqual([ag[f].rows, ag[f].cols], [dv[f].rows, dv[f].cols], `${f} shape`);
      const diff = maxAbsDiff(ag[f], dv[f]);
      assert.ok(diff <= 1e-12, `${f} (n=${n}, h=${h}): autograd differs by ${diff}`);
    }
  }
});
