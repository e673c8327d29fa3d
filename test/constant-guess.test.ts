import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { columnMeans, constantGuessError } from "../src/baselines/constant-guess";
import { rmsErrorInUnits } from "../src/baselines/reconstruction-error";
import { expectClose } from "./helpers";

// By hand: rows (0,1), (1,1), (2,4) have means (1, 2); the squared distances of the rows to (1, 2) are
// 1+1 = 2, 0+1 = 1 and 1+4 = 5, so the mean per-sample error is 8/3.
const X = fromRows([
  [0, 1],
  [1, 1],
  [2, 4],
]);

test("the constant guess: the column means, and its error worked by hand", () => {
  expectClose(columnMeans(X), [1, 2], { rtol: 0 });
  expectClose(constantGuessError(columnMeans(X), X), 8 / 3, { rtol: 1e-15 });
  expectClose(constantGuessError([0, 0], X), (0 + 1 + 1 + 1 + 4 + 16) / 3, { rtol: 1e-15 });
});

test("no other constant does better than the mean", () => {
  const best = constantGuessError(columnMeans(X), X);
  for (const [a, b] of [
    [1.01, 2],
    [0.99, 2],
    [1, 2.02],
    [1.3, 1.7],
  ])
    assert.ok(constantGuessError([a, b], X) > best, `(${a}, ${b})`);
});

test("the error in the data's units scales each column back by its range", () => {
  const scaling = { columns: ["a", "b"], min: [1, 10], max: [3, 20] };
  const target = fromRows([
    [0.5, 0.5],
    [0.2, 0.9],
  ]);
  const recon = fromRows([
    [0.6, 0.5],
    [0.1, 0.7],
  ]);
  // Column a: scaled errors ±0.1 → ±0.2 units (range 2); column b: 0 and 0.2 → 0 and 2 units (range 10).
  expectClose(rmsErrorInUnits(scaling, recon, target), [0.2, Math.sqrt(2)], { rtol: 1e-12 });
});
