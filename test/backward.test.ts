import { test } from "node:test";
import assert from "node:assert/strict";
import { column, fromRows, hadamard, map, matmul, scale, sub, transpose } from "../src/linalg/matrix";
import { backpropSample } from "../src/model/backward";
import { type Gradients } from "../src/model/gradients";
import { sigmoidPrimeFromOutput } from "../src/model/sigmoid";
import { forward, sampleError } from "../src/model/forward";
import { initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { centralDifference, expectClose } from "./helpers";

const PARAM_NAMES = ["W1", "B1", "W2", "B2"] as const;
const GRAD_NAMES = { W1: "dE_dW1", B1: "dE_dB1", W2: "dE_dW2", B2: "dE_dB2" } as const;

/**
 * The largest disagreement, in units of the tolerance (≤ 1 passes), between `gradients` and central
 * finite differences of E = Σ(x̂ − x)² computed by forward(), for every entry of W1, B1, W2 and B2.
 */
function gradientCheckError(gradients: (p: Params, x: number[]) => Gradients, p: Params, x: number[]): number {
  const g = gradients(p, x);
  const E = (): number => sampleError(forward(p, x).O2, column(x));
  let worst = 0;
  for (const name of PARAM_NAMES) {
    const analytic = g[GRAD_NAMES[name]];
    assert.deepEqual([analytic.rows, analytic.cols], [p[name].rows, p[name].cols], `${GRAD_NAMES[name]} shape`);
    p[name].data.forEach((_, i) => {
      const numeric = centralDifference(E, p[name].data, i);
      const a = analytic.data[i];
      worst = Math.max(worst, Math.abs(a - numeric) / (1e-10 + 1e-7 * Math.max(Math.abs(a), Math.abs(numeric))));
    });
  }
  return worst;
}

/** Random sizes, weights and non-zero biases. */
function randomCase(rng: Rng): { p: Params; x: number[] } {
  const n = 1 + rng.int(6);
  const h = 1 + rng.int(5);
  const p = initParams(n, h, rng, { scheme: "normal", scale: 1.5 });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  return { p, x: Array.from({ length: n }, () => rng.uniform()) };
}

test("backpropSample's gradients match central finite differences on random sizes and weights", () => {
  const rng = new Rng(20240601);
  for (let trial = 0; trial < 40; trial++) {
    const { p, x } = randomCase(rng);
    const err = gradientCheckError(backpropSample, p, x);
    assert.ok(err <= 1, `trial ${trial}: off by ${err.toPrecision(3)}× the tolerance`);
  }
});

/** backpropSample's formulas copied here with one slip, σ'(I2) = O2 ⊙ (1 − O2) replaced by σ(I2) = O2. */
function gradientsWithSigmaForSigmaPrime(p: Params, x: number[]): Gradients {
  const { x: xv, O1, O2 } = forward(p, x);
  const dE_dI2 = hadamard(scale(sub(O2, xv), 2), O2);
  const alpha = hadamard(matmul(p.W2, dE_dI2), map(O1, sigmoidPrimeFromOutput));
  return {
    dE_dW2: matmul(O1, transpose(dE_dI2)),
    dE_dB2: dE_dI2,
    dE_dW1: matmul(xv, transpose(alpha)),
    dE_dB1: alpha,
  };
}

test("the same check fails a backward with σ' replaced by σ", () => {
  const rng = new Rng(8);
  for (let trial = 0; trial < 40; trial++) {
    const { p, x } = randomCase(rng);
    const err = gradientCheckError(gradientsWithSigmaForSigmaPrime, p, x);
    assert.ok(err > 1e3, `trial ${trial}: the mutated backward passed (${err.toPrecision(3)}× the tolerance)`);
  }
});

test("α is ∂E/∂I1 and ∂E/∂I2 is the output error signal (finite differences on the pre-activations)", () => {
  // Perturbing B1 (B2) shifts I1 (I2) one-for-one, so ∂E/∂B = ∂E/∂I: an independent check of α's meaning.
  const rng = new Rng(5);
  const p = initParams(3, 2, rng, { scheme: "uniform", scale: 2 });
  const x = [0.2, 0.9, 0.4];
  const g = backpropSample(p, x);
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
  const g = backpropSample(p, [0.1, 0.2, 0.3]);
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
  assert.throws(() => backpropSample(p, [0.1, 0.2]), /2 values but the network has 3 inputs/);
  const bad: Params = { ...p, W2: fromRows([[1, 2, 3]]) };
  assert.throws(() => backpropSample(bad, [0.1, 0.2, 0.3]), /W2 is 1×3 but W1 is 3×2, so W2 must be 2×3/);
});
