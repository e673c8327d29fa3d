import { test } from "node:test";
import assert from "node:assert/strict";
import { column, fromRows } from "../src/linalg/matrix";
import { backward } from "../src/model/backward";
import { forward, sampleError } from "../src/model/forward";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { centralDifference, expectClose } from "./helpers";

const PARAM_NAMES = ["W1", "B1", "W2", "B2"] as const;
const GRAD_NAMES = { W1: "dE_dW1", B1: "dE_dB1", W2: "dE_dW2", B2: "dE_dB2" } as const;

test("derivation-aligned gradients match central finite differences on random sizes and weights", () => {
  const rng = new Rng(20240601);
  for (let trial = 0; trial < 40; trial++) {
    const n = 1 + rng.int(6);
    const h = 1 + rng.int(5);
    const p = initParams(n, h, rng, { scheme: "normal", scale: 1.5 });
    for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
    const x = Array.from({ length: n }, () => rng.uniform());
    const g = backward(p, x);
    const E = (): number => sampleError(forward(p, x).O2, column(x));
    for (const name of PARAM_NAMES) {
      const numeric = p[name].data.map((_, i) => centralDifference(E, p[name].data, i));
      const analytic = g[GRAD_NAMES[name]];
      assert.equal(analytic.rows, p[name].rows, `${GRAD_NAMES[name]} rows`);
      assert.equal(analytic.cols, p[name].cols, `${GRAD_NAMES[name]} cols`);
      expectClose(analytic.data, numeric, { rtol: 1e-7, atol: 1e-10, what: `${GRAD_NAMES[name]} (n=${n}, h=${h})` });
    }
  }
});

test("α is ∂E/∂I1 and ∂E/∂I2 is the output error signal (finite differences on the pre-activations)", () => {
  // Perturbing B1 (B2) shifts I1 (I2) one-for-one, so ∂E/∂B = ∂E/∂I: an independent check of α's meaning.
  const rng = new Rng(5);
  const p = initParams(3, 2, rng, { scheme: "uniform", scale: 2 });
  const x = [0.2, 0.9, 0.4];
  const g = backward(p, x);
  const E = (): number => sampleError(forward(p, x).O2, column(x));
  expectClose(
    g.alpha.data,
    p.B1.data.map((_, i) => centralDifference(E, p.B1.data, i)),
    { rtol: 1e-7, atol: 1e-10, what: "α" },
  );
  expectClose(
    g.dE_dI2.data,
    p.B2.data.map((_, i) => centralDifference(E, p.B2.data, i)),
    { rtol: 1e-7, atol: 1e-10, what: "∂E/∂I2" },
  );
});

test("every factor has the shape the derivation gives it (n = 3, h = 2)", () => {
  const p = initParams(3, 2, new Rng(1));
  const g = backward(p, [0.1, 0.2, 0.3]);
  const shapes: Record<string, [number, number]> = {
    dE_dO2: [3, 1],
    dO2_dI2: [3, 1],
    dE_dI2: [3, 1],
    dI2_dW2: [2, 1],
    dI2_dO1: [2, 3],
    dO1_dI1: [2, 1],
    alpha: [2, 1],
    dI1_dW1: [3, 1],
    dE_dW1: [3, 2],
    dE_dB1: [2, 1],
    dE_dW2: [2, 3],
    dE_dB2: [3, 1],
  };
  for (const [name, [r, c]] of Object.entries(shapes)) {
    const m = g[name as keyof typeof shapes & keyof typeof g];
    assert.ok(typeof m === "object" && "rows" in m, name);
    assert.deepEqual([m.rows, m.cols], [r, c], name);
  }
});

test("a sample of the wrong length, or inconsistent parameters, is refused with the shapes named", () => {
  const p = initParams(3, 2, new Rng(1));
  assert.throws(() => backward(p, [0.1, 0.2]), /2 values but the network has 3 inputs/);
  const bad: Params = { ...p, W2: fromRows([[1, 2, 3]]) };
  assert.throws(() => backward(bad, [0.1, 0.2, 0.3]), /W2 is 1×3 but W1 is 3×2, so W2 must be 2×3/);
});
