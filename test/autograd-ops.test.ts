import { test } from "node:test";
import fc from "fast-check";
import { Rng } from "../src/random/prng";
import {
  type Tensor,
  param,
  constant,
  noGrad,
  backward,
  matmul,
  transpose,
  add,
  sub,
  mul,
  mulScalar,
  square,
  sigmoid,
  tanh,
  relu,
  sum,
  mean,
  neg,
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

function randomTensor(rng: Rng, rows: number, cols: number, requiresGrad = true, avoidZero = false): Tensor {
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < values.length; i++) {
    let v = rng.range(-2, 2);
    // relu's derivative jumps at 0: keep its inputs further from 0 than the finite-difference step.
    if (avoidZero && Math.abs(v) < 1e-3) v += v < 0 ? -0.01 : 0.01;
    values[i] = v;
  }
  return requiresGrad ? param(rows, cols, values) : constant(rows, cols, values);
}

/** Checks every input's gradient of L = Σ w ⊙ op(inputs) against central differences. */
function checkOp(name: string, op: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], rng: Rng): void {
  const probe = noGrad(() => op(...inputs));
  const w = randomTensor(rng, probe.rows, probe.cols, false);
  const L = (): number => {
    const out = noGrad(() => op(...inputs));
    let s = 0;
    for (let i = 0; i < out.data.length; i++) s += w.data[i] * out.data[i];
    return s;
  };
  backward(sum(mul(op(...inputs), w)));
  inputs.forEach((t, k) => {
    const numeric = t.data.map((_, i) => centralDifference(L, t.data, i));
    expectClose(t.grad!, numeric, {
      rtol: RTOL,
      atol: ATOL,
      what: `${name}: gradient of input ${k} (${t.rows}×${t.cols})`,
    });
  });
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

test("transpose, square, sigmoid, tanh, neg, sum and mean match finite differences", () => {
  const unary: [string, (a: Tensor) => Tensor][] = [
    ["transpose", transpose],
    ["square", square],
    ["sigmoid", sigmoid],
    ["tanh", tanh],
    ["neg", neg],
    ["sum", sum],
    ["mean", mean],
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

test("relu matches finite differences away from its kink at 0", () => {
  fc.assert(
    fc.property(dim, dim, seed, (r, c, s) => {
      const rng = new Rng(s);
      checkOp("relu", relu, [randomTensor(rng, r, c, true, true)], rng);
    }),
    RUNS,
  );
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
