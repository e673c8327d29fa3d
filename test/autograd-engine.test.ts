import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import {
  type Tensor,
  param,
  constant,
  result,
  noGrad,
  backward,
  zeroGrad,
  topologicalOrder,
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
import { expectClose } from "./helpers";

const scalar = (v: number): Tensor => param(1, 1, Float64Array.of(v));
const rowsOf = (rows: number[][], requiresGrad = true): Tensor => {
  const m = fromRows(rows);
  return requiresGrad ? param(m.rows, m.cols, m.data) : constant(m.rows, m.cols, m.data);
};

test("a tensor used twice gets both contributions: y = x·x + x at x = 3 has dy/dx = 2·3 + 1 = 7", () => {
  const x = scalar(3);
  const y = add(mul(x, x), x);
  backward(y);
  assert.equal(y.data[0], 12);
  assert.deepEqual(Array.from(x.grad!.data), [7]);
});

test("reuse through different ops accumulates too: d/da Σ σ(a)·a = σ'(a)·a + σ(a)", () => {
  const a = rowsOf([[-1.5, 0.25, 2]]);
  backward(sum(mul(sigmoid(a), a)));
  const expected = Array.from(a.data, (v) => {
    const s = 1 / (1 + Math.exp(-v));
    return s * (1 - s) * v + s;
  });
  expectClose(a.grad!.data, expected, { rtol: 1e-14, what: "d/da" });
});

test("forward values agree with values worked out by hand", () => {
  const A = rowsOf([
    [1, -2, 0.5],
    [3, 0.25, -1],
  ]);
  const B = rowsOf([
    [2, -1],
    [0.5, 4],
    [-3, 1],
  ]);
  // Row 1 of A·B: (1·2 − 2·0.5 − 0.5·3, −1 − 8 + 0.5); row 2: (6 + 0.125 + 3, −3 + 1 − 1).
  expectClose(matmul(A, B).data, [-0.5, -8.5, 9.125, -3], { rtol: 0, what: "matmul" });
  const b = rowsOf([[10, 20, 30]]);
  expectClose(add(A, b).data, [11, 18, 30.5, 13, 20.25, 29], { rtol: 0, what: "add (broadcast)" });
  expectClose(sub(A, b).data, [-9, -22, -29.5, -7, -19.75, -31], { rtol: 0, what: "sub (broadcast)" });
  expectClose(mul(A, A).data, [1, 4, 0.25, 9, 0.0625, 1], { rtol: 0, what: "mul" });
  expectClose(mulScalar(A, -2).data, [-2, 4, -1, -6, -0.5, 2], { rtol: 0, what: "mulScalar" });
  expectClose(square(A).data, [1, 4, 0.25, 9, 0.0625, 1], { rtol: 0, what: "square" });
  expectClose(sum(A).data, [1.75], { rtol: 0, what: "sum" });
  // σ(0) = 1/2 and σ(±ln 3) = 3/4, 1/4.
  expectClose(sigmoid(rowsOf([[0, Math.log(3), -Math.log(3)]])).data, [0.5, 0.75, 0.25], { rtol: 1e-15, what: "σ" });
});

test("NaN propagates through every op, forward and backward", () => {
  const nanRow = (): Tensor => rowsOf([[NaN, 1]]);
  const other = (): Tensor => rowsOf([[2, 3]]);
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["matmul", (a, b) => matmul(a, transposeRow(b))],
    ["add", add],
    ["sub", sub],
    ["mul", mul],
    ["mulScalar", (a) => mulScalar(a, 2)],
    ["square", (a) => square(a)],
    ["sigmoid", (a) => sigmoid(a)],
    ["sum", (a) => sum(a)],
  ];
  for (const [name, op] of ops) {
    // NaN as the first input: the output and the loss are NaN.
    const a = nanRow();
    const out = op(a, other());
    assert.ok(Number.isNaN(out.data[0]), `${name}: NaN input gives a NaN output`);
    const L = sum(out);
    assert.ok(Number.isNaN(L.data[0]), `${name}: the loss is NaN`);
    // NaN as the gradient from above: every input gradient that depends on it is NaN.
    const x = rowsOf([[0.5, -1]]);
    const z = op(x, other());
    backward(sum(mul(z, rowsOf([Array<number>(z.cols).fill(NaN)], false))));
    assert.ok(Number.isNaN(x.grad!.data[0]), `${name}: a NaN gradient reaches the first input`);
  }
});

/** A 1×c row as a c×1 column, for matmul with a row (a constant: no gradient flows back through it). */
function transposeRow(b: Tensor): Tensor {
  return constant(b.cols, 1, b.data);
}

test("calling backward twice adds the gradient to the leaves twice; zeroGrad clears them", () => {
  const W = rowsOf([
    [0.5, -1],
    [2, 0.25],
  ]);
  const x = rowsOf([[1, 3]], false);
  const L = sum(sigmoid(matmul(x, W)));
  backward(L);
  const once = W.grad!.data.slice();
  backward(L);
  expectClose(
    W.grad!.data,
    once.map((g) => 2 * g),
    { rtol: 1e-15, what: "after two backward calls" },
  );
  zeroGrad([W]);
  assert.equal(W.grad, null);
  backward(L);
  expectClose(W.grad!.data, once, { rtol: 0, what: "after zeroGrad, one backward call again" });
  assert.equal(x.grad, null, "a constant input gets no gradient");
});

test("matmul's gradients are dC·Bᵀ and Aᵀ·dC, element by element and shaped like A and B", () => {
  const A = rowsOf([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const B = rowsOf([
    [1, -1, 2],
    [0, 3, -2],
  ]);
  const W = rowsOf(
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
    false,
  );
  backward(sum(mul(matmul(A, B), W))); // dC = W
  // dA[i][m] = Σ_j W[i][j] B[m][j]; dB[m][j] = Σ_i A[i][m] W[i][j], worked out by hand.
  assert.deepEqual(Array.from(A.grad!.data), [5, 0, 11, 3, 17, 6]);
  assert.deepEqual(Array.from(B.grad!.data), [48, 57, 66, 60, 72, 84]);
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
    noGrad(() => assert.equal(sum(W).requiresGrad, false));
    assert.equal(sum(W).requiresGrad, false, "the inner noGrad restores the outer mode, not 'on'");
  });
  assert.throws(() =>
    noGrad(() => {
      throw new Error("boom");
    }),
  );
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

test("a backward that returns a gradient of the wrong shape is caught where gradients are added, naming the op", () => {
  // The 3-2-3 bug: a 2×3 gradient for a 3×2 weight (an op that forgot a transpose).
  const W = param(3, 2, new Float64Array(6));
  const broken = result("forgotTranspose", { rows: 1, cols: 1, data: Float64Array.of(0) }, [W], () => ({
    rows: 2,
    cols: 3,
    data: new Float64Array(6),
  }));
  assert.throws(() => backward(broken), {
    message: "forgotTranspose: the gradient for input 1 is 2×3 but that input is 3×2",
  });
});

test("the topological order lists each recorded op once, after the ops it depends on, and no leaf", () => {
  const x = scalar(0.5);
  const c = rowsOf([[2]], false);
  const s = sigmoid(x);
  const L = sum(mul(mul(s, s), c));
  const order = topologicalOrder(L);
  const position = new Map(order.map((t, i) => [t, i]));
  assert.deepEqual(
    order.map((t) => t.op),
    ["sigmoid", "mul", "mul", "sum"],
    "σ(x) once although used twice; the leaves x and c not at all",
  );
  for (const t of order)
    for (const p of t.parents) if (p.backwardFn) assert.ok(position.get(p)! < position.get(t)!, `${p.op} first`);
});
