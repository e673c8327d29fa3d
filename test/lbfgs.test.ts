import { test } from "node:test";
import assert from "node:assert/strict";
import { lbfgs } from "../src/baselines/lbfgs";
import { expectClose } from "./helpers";

test("L-BFGS finds the minimum of an ill-conditioned quadratic, x* = A⁻¹b", () => {
  // f = ½ xᵀAx − bᵀx with A = diag(1, 100, 10⁴) rotated in the first two coordinates; x* solved by hand.
  // A = [[50.5, 49.5, 0], [49.5, 50.5, 0], [0, 0, 1e4]] has eigenvalues 1, 100, 10⁴; b = (1, 2, 3).
  const A = [
    [50.5, 49.5, 0],
    [49.5, 50.5, 0],
    [0, 0, 1e4],
  ];
  const b = [1, 2, 3];
  const fg = (x: Float64Array, g: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      let Ax = 0;
      for (let j = 0; j < 3; j++) Ax += A[i][j] * x[j];
      g[i] = Ax - b[i];
      f += 0.5 * x[i] * Ax - b[i] * x[i];
    }
    return f;
  };
  // det of the 2×2 block = 50.5² − 49.5² = 100: x1 = (50.5·1 − 49.5·2)/100, x2 = (50.5·2 − 49.5·1)/100.
  const want = [(50.5 - 99) / 100, (101 - 49.5) / 100, 3e-4];
  const r = lbfgs(fg, [5, -5, 5], { maxIterations: 200 });
  expectClose(r.x, want, { rtol: 1e-8, atol: 1e-10 });
  assert.equal(r.reason, "gradient");
});

test("L-BFGS reaches the Rosenbrock valley's minimum (1, 1), where steepest descent crawls", () => {
  const fg = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0], x[1]];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = lbfgs(fg, [-1.2, 1], { maxIterations: 500 });
  expectClose(r.x, [1, 1], { rtol: 1e-6 });
});
