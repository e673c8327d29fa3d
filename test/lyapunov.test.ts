import { test } from "node:test";
import assert from "node:assert/strict";
import { largestLyapunov } from "../src/experiment/lyapunov";

/** The logistic map x ← r x (1 − x) as an in-place step. */
const logistic = (r: number) => () => (x: Float64Array) => {
  x[0] = r * x[0] * (1 - x[0]);
};

test("Lyapunov exponent of the logistic map at r = 4 is ln 2 (chaos)", () => {
  const lambda = largestLyapunov(Float64Array.of(0.3), logistic(4), { steps: 20000, transient: 100, d0: 1e-9 });
  assert.ok(Math.abs(lambda - Math.LN2) < 0.03, `λ = ${lambda}`);
});

test("Lyapunov exponent of the logistic map at r = 2.8 is ln 0.8 (a stable fixed point)", () => {
  // Fixed point x* = 1 − 1/r, slope r(1 − 2x*) = 2 − r = −0.8.
  const lambda = largestLyapunov(Float64Array.of(0.3), logistic(2.8), { steps: 2000, transient: 200, d0: 1e-9 });
  assert.ok(lambda < 0, `λ = ${lambda}`);
  assert.ok(Math.abs(lambda - Math.log(0.8)) < 0.01, `λ = ${lambda}`);
});

test("a rotation keeps distances: exponent 0; a contraction by ½: ln ½", () => {
  const rot = () => (x: Float64Array) => {
    const [a, b] = [x[0], x[1]];
    x[0] = 0.6 * a - 0.8 * b;
    x[1] = 0.8 * a + 0.6 * b;
  };
  assert.ok(Math.abs(largestLyapunov(Float64Array.of(1, 0), rot, { steps: 100 })) < 1e-6);
  const half = () => (x: Float64Array) => {
    x[0] *= 0.5;
    x[1] *= 0.5;
  };
  assert.ok(Math.abs(largestLyapunov(Float64Array.of(1, 2), half, { steps: 50 }) - Math.log(0.5)) < 1e-6);
});
