import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows, matmul as matrixMatmul, transpose as matrixTranspose } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import {
  type Tensor,
  param,
  fromMatrix,
  noGrad,
  isGradEnabled,
  backward,
  zeroGrad,
  topologicalOrder,
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
  squaredError,
} from "../src/autograd/index";
import { expectClose } from "./helpers";

const scalar = (v: number): Tensor => param(1, 1, Float64Array.of(v));
const rowsOf = (rows: number[][], requiresGrad = true): Tensor => fromMatrix(fromRows(rows), { requiresGrad });

test("a tensor used twice gets both contributions: y = x·x + x at x = 3 has dy/dx = 2·3 + 1 = 7", () => {
  const x = scalar(3);
  const y = add(mul(x, x), x);
  backward(y);
  assert.equal(y.data[0], 12);
  assert.deepEqual(Array.from(x.grad!), [7]);
});

test("reuse through different ops accumulates too: d/da Σ σ(a)·a = σ'(a)·a + σ(a)", () => {
  const a = rowsOf([[-1.5, 0.25, 2]]);
  backward(sum(mul(sigmoid(a), a)));
  const expected = Array.from(a.data, (v) => {
    const s = 1 / (1 + Math.exp(-v));
    return s * (1 - s) * v + s;
  });
  expectClose(a.grad!, expected, { rtol: 1e-14, what: "d/da" });
});

test("forward values agree with independent computations", () => {
  const rng = new Rng(3);
  const A = rowsOf([
    [1, -2, 0.5],
    [3, 0.25, -1],
  ]);
  const B = rowsOf([
    [2, -1],
    [0.5, 4],
    [-3, 1],
  ]);
  expectClose(matmul(A, B), matrixMatmul(A, B), { rtol: 0, what: "matmul" });
  expectClose(transpose(A), matrixTranspose(A), { rtol: 0, what: "transpose" });
  const b = rowsOf([[10, 20, 30]]);
  expectClose(add(A, b).data, [11, 18, 30.5, 13, 20.25, 29], { rtol: 0, what: "add (broadcast)" });
  expectClose(sub(A, b).data, [-9, -22, -29.5, -7, -19.75, -31], { rtol: 0, what: "sub (broadcast)" });
  expectClose(mul(A, A).data, [1, 4, 0.25, 9, 0.0625, 1], { rtol: 0, what: "mul" });
  expectClose(mulScalar(A, -2).data, [-2, 4, -1, -6, -0.5, 2], { rtol: 0, what: "mulScalar" });
  expectClose(square(A).data, [1, 4, 0.25, 9, 0.0625, 1], { rtol: 0, what: "square" });
  expectClose(relu(A).data, [1, 0, 0.5, 3, 0.25, 0], { rtol: 0, what: "relu" });
  expectClose(sum(A).data, [1.75], { rtol: 0, what: "sum" });
  expectClose(mean(A).data, [1.75 / 6], { rtol: 1e-15, what: "mean" });
  const z = Array.from({ length: 8 }, () => rng.range(-40, 40));
  const Z = rowsOf([z]);
  expectClose(
    sigmoid(Z).data,
    z.map((v) => 1 / (1 + Math.exp(-v))),
    { rtol: 1e-15, what: "sigmoid" },
  );
  expectClose(tanh(Z).data, z.map(Math.tanh), { rtol: 1e-15, what: "tanh" });
});

test("calling backward twice adds the gradient to the leaves twice; zeroGrad resets them", () => {
  const W = rowsOf([
    [0.5, -1],
    [2, 0.25],
  ]);
  const x = rowsOf([[1, 3]], false);
  const L = sum(sigmoid(matmul(x, W)));
  backward(L);
  const once = W.grad!.slice();
  backward(L);
  expectClose(
    W.grad!,
    once.map((g) => 2 * g),
    { rtol: 1e-15, what: "after two backward calls" },
  );
  zeroGrad([W]);
  assert.deepEqual(Array.from(W.grad!), [0, 0, 0, 0]);
  assert.equal(x.grad, null, "a constant input gets no gradient");
});

test("no-grad mode records nothing, nests, and restores the mode even when its function throws", () => {
  const W = rowsOf([[1, 2]]);
  const y = noGrad(() => sum(square(W)));
  assert.equal(y.data[0], 5, "values are still computed");
  assert.equal(y.requiresGrad, false);
  assert.equal(y.parents.length, 0);
  assert.equal(y.backwardFn, null);
  assert.throws(() => backward(y), /backward: the root depends on no tensor that requires grad/);
  assert.equal(W.grad, null);
  noGrad(() => {
    noGrad(() => assert.equal(isGradEnabled(), false));
    assert.equal(isGradEnabled(), false, "the inner noGrad restores the outer mode, not 'on'");
  });
  assert.throws(() =>
    noGrad(() => {
      throw new Error("boom");
    }),
  );
  assert.equal(isGradEnabled(), true);
  assert.equal(sum(W).parents.length, 1, "recording resumes afterwards");
});

test("bad shapes throw errors that name the op and both shapes", () => {
  const a = param(3, 2, new Float64Array(6));
  const b = param(2, 3, new Float64Array(6));
  assert.throws(() => matmul(a, a), { message: "matmul: shapes 3×2 and 3×2 do not chain" });
  assert.throws(() => add(a, b), { message: "add: shapes 3×2 and 2×3 do not match (the second must be 3×2 or 1×2)" });
  assert.throws(() => sub(a, param(1, 3, new Float64Array(3))), /sub: shapes 3×2 and 1×3 do not match/);
  assert.throws(() => mul(a, b), { message: "mul: shapes 3×2 and 2×3 differ" });
  assert.throws(() => squaredError(a, param(1, 2, new Float64Array(2))), {
    message: "squaredError: shapes 3×2 and 1×2 differ",
  });
  assert.throws(() => backward(square(a)), { message: "backward: the root must be 1×1 (a loss), got 3×2" });
  assert.throws(() => param(2, 2, new Float64Array(3)), /3 values do not fill a 2×2 tensor/);
});

test("the topological order puts every tensor after its parents and survives a 100 000-op chain", () => {
  const x = scalar(0.5);
  const L = sum(mul(sigmoid(x), x));
  const order = topologicalOrder(L);
  const position = new Map(order.map((t, i) => [t, i]));
  assert.equal(order.length, 4, "x, σ(x), σ(x)·x, Σ: x appears once although it is used twice");
  for (const t of order)
    for (const p of t.parents) assert.ok(position.get(p)! < position.get(t)!, `${p.op} before ${t.op}`);

  let y = scalar(1);
  const leaf = y;
  for (let i = 0; i < 100_000; i++) y = mulScalar(y, 1);
  backward(y);
  assert.deepEqual(Array.from(leaf.grad!), [1]);
});
