import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { map, zip } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import {
  type Tensor,
  param,
  constant,
  result,
  noGrad,
  backward,
  matmul,
  add,
  sub,
  mul,
  mulScalar,
  square,
  sigmoid,
  sum,
  squaredError,
} from "../src/autograd/index";
import { centralDifference, expectClose } from "./helpers";

/*
 * Every op's backward against central finite differences of its forward, on random shapes and values
 * (fast-check picks the shapes and a seed for the values, and shrinks a failure to the smallest case).
 * The scalar checked is L = Σ w ⊙ op(inputs) with random constant weights w, so each output element
 * sends back a different gradient: a backward that mixed up elements would not pass.
 */

const RTOL = 1e-7;
const ATOL = 1e-9; // for gradients that are (nearly) zero, where relative error means nothing

function randomTensor(rng: Rng, rows: number, cols: number, requiresGrad = true): Tensor {
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = rng.range(-2, 2);
  return requiresGrad ? param(rows, cols, values) : constant(rows, cols, values);
}

/**
 * The largest disagreement, in units of the tolerance (≤ 1 passes), between every input's gradient of
 * L = Σ w ⊙ op(inputs) from backward and from central differences.
 */
function gradientError(op: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], rng: Rng): number {
  const w = randomTensor(rng, ...shapeOf(noGrad(() => op(...inputs))), false);
  const L = (): number => {
    const out = noGrad(() => op(...inputs));
    let s = 0;
    for (let i = 0; i < out.data.length; i++) s += w.data[i] * out.data[i];
    return s;
  };
  for (const t of inputs) t.grad = null;
  backward(sum(mul(op(...inputs), w)));
  let worst = 0;
  for (const t of inputs) {
    t.data.forEach((_, i) => {
      const numeric = centralDifference(L, t.data, i);
      const analytic = t.grad!.data[i];
      worst = Math.max(
        worst,
        Math.abs(analytic - numeric) / (ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric))),
      );
    });
  }
  return worst;
}

const shapeOf = (t: Tensor): [number, number] => [t.rows, t.cols];

function checkOp(name: string, op: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], rng: Rng): void {
  const err = gradientError(op, inputs, rng);
  assert.ok(err <= 1, `${name}: backward differs from finite differences by ${err.toPrecision(3)}× the tolerance`);
}

const dim = fc.integer({ min: 1, max: 5 });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const RUNS = { numRuns: 60 };

test("matmul: dA = dC·Bᵀ and dB = Aᵀ·dC match finite differences", () => {
  fc.assert(
    fc.property(dim, dim, dim, seed, (r, k, c, s) => {
      const rng = new Rng(s);
      checkOp("matmul", matmul, [randomTensor(rng, r, k), randomTensor(rng, k, c)], rng);
    }),
    RUNS,
  );
});

test("square, sigmoid and sum match finite differences", () => {
  const unary: [string, (a: Tensor) => Tensor][] = [
    ["square", square],
    ["sigmoid", sigmoid],
    ["sum", sum],
  ];
  for (const [name, op] of unary) {
    fc.assert(
      fc.property(dim, dim, seed, (r, c, s) => {
        const rng = new Rng(s);
        checkOp(name, op, [randomTensor(rng, r, c)], rng);
      }),
      RUNS,
    );
  }
});

test("a mutated backward fails the same check: sigmoid sending back y instead of y(1 − y)", () => {
  // A test-local copy of sigmoid with the classic slip σ' → σ, wired through the check the real ops pass.
  const wrongSigmoid = (a: Tensor): Tensor => {
    const y = map(a, (v) => 1 / (1 + Math.exp(-v)));
    return result("sigmoid", y, [a], (dY) => zip(dY, y, (g, v) => g * v));
  };
  const rng = new Rng(5);
  for (let trial = 0; trial < 20; trial++) {
    const a = randomTensor(rng, 1 + rng.int(4), 1 + rng.int(4));
    assert.ok(gradientError(sigmoid, [a], rng) <= 1, "the real sigmoid passes");
    assert.ok(gradientError(wrongSigmoid, [a], rng) > 1e3, "the mutated sigmoid fails by far");
  }
});

test("mulScalar matches finite differences for any factor", () => {
  fc.assert(
    fc.property(dim, dim, seed, fc.double({ min: -10, max: 10, noNaN: true }), (r, c, s, k) => {
      const rng = new Rng(s);
      checkOp("mulScalar", (a) => mulScalar(a, k), [randomTensor(rng, r, c)], rng);
    }),
    RUNS,
  );
});

test("add, sub and mul of equal shapes match finite differences", () => {
  const binary: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["add", add],
    ["sub", sub],
    ["mul", mul],
  ];
  for (const [name, op] of binary) {
    fc.assert(
      fc.property(dim, dim, seed, (r, c, s) => {
        const rng = new Rng(s);
        checkOp(name, op, [randomTensor(rng, r, c), randomTensor(rng, r, c)], rng);
      }),
      RUNS,
    );
  }
});

test("add and sub broadcast a 1×c row across the batch, and its gradient sums over the rows", () => {
  for (const [name, op] of [
    ["add", add],
    ["sub", sub],
  ] as const) {
    fc.assert(
      fc.property(dim, dim, seed, (r, c, s) => {
        const rng = new Rng(s);
        checkOp(`${name} (row broadcast)`, op, [randomTensor(rng, r, c), randomTensor(rng, 1, c)], rng);
      }),
      RUNS,
    );
  }
});

test("squaredError (a composite) is the mean over rows of Σ(x̂ − x)² and matches finite differences", () => {
  fc.assert(
    fc.property(dim, dim, seed, (r, c, s) => {
      const rng = new Rng(s);
      const xHat = randomTensor(rng, r, c);
      const x = randomTensor(rng, r, c);
      let byHand = 0;
      for (let i = 0; i < xHat.data.length; i++) byHand += (xHat.data[i] - x.data[i]) ** 2;
      expectClose(noGrad(() => squaredError(xHat, x)).data, [byHand / r], { rtol: 1e-14, what: "squaredError" });
      checkOp("squaredError", squaredError, [xHat, x], rng);
    }),
    RUNS,
  );
});
