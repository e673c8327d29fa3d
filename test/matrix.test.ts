import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, addRow, fromRows, matmul, matmulABt, matmulAtB, transpose, zeros } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";

function random(rng: Rng, rows: number, cols: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() * 4 - 2;
  return m;
}

test("matmulABt and matmulAtB on a worked example", () => {
  const A = fromRows([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const B = fromRows([
    [1, 0],
    [-1, 2],
  ]);
  // A·Bᵀ: row i of A dotted with row j of B.
  assert.deepEqual(matmulABt(A, B), fromRows([[1, 3], [3, 5], [5, 7]])); // prettier-ignore
  const C = fromRows([
    [1, 1],
    [0, 2],
    [-1, 0],
  ]);
  // Aᵀ·C: column i of A dotted with column j of C.
  assert.deepEqual(matmulAtB(A, C), fromRows([[-4, 7], [-4, 10]])); // prettier-ignore
});

test("matmulABt and matmulAtB equal matmul with an explicit transpose, bit for bit, for any shapes", () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const [r, k, c] = [1 + Math.floor(rng.uniform() * 6), 1 + Math.floor(rng.uniform() * 6), 1 + Math.floor(rng.uniform() * 6)]; // prettier-ignore
    const A = random(rng, r, k);
    const B = random(rng, c, k);
    assert.deepEqual(matmulABt(A, B), matmul(A, transpose(B)));
    const D = random(rng, r, c);
    assert.deepEqual(matmulAtB(A, D), matmul(transpose(A), D));
  }
});

test("matmulABt and matmulAtB name both shapes when they do not chain", () => {
  assert.throws(() => matmulABt(zeros(3, 2), zeros(3, 3)), { message: "matmulABt: shapes 3×2 and 3×3ᵀ do not chain" });
  assert.throws(() => matmulAtB(zeros(3, 2), zeros(2, 3)), { message: "matmulAtB: shapes 3×2ᵀ and 2×3 do not chain" });
});

test("addRow adds the row to every row, and refuses anything but a row as wide as the matrix", () => {
  const A = fromRows([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(addRow(A, fromRows([[10, -1]])), fromRows([[11, 1], [13, 3], [15, 5]])); // prettier-ignore
  assert.throws(() => addRow(A, zeros(1, 3)), { message: "addRow: 1×3 is not a row as wide as 3×2" });
  assert.throws(() => addRow(A, zeros(3, 2)), { message: "addRow: 3×2 is not a row as wide as 3×2" });
});
