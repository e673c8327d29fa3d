import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { columnMeans, constantGuessError, constantReconstruction } from "../src/baselines/constant-guess";
import { decomposeError } from "../src/baselines/error-decomposition";
import { errorByTargetBand } from "../src/baselines/target-bands";
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

test("decomposeError: offset and scatter parts worked by hand, and they add up to the error", () => {
  // Fixed output (0.5, 0.5) for the rows (0, 1) and (1, 1): residuals (0.5, −0.5) and (−0.5, −0.5).
  // Column 1: mean residual 0, variance 0.25; column 2: mean −0.5, variance 0.
  const X2 = fromRows([
    [0, 1],
    [1, 1],
  ]);
  const out = fromRows([
    [0.5, 0.5],
    [0.5, 0.5],
  ]);
  const d = decomposeError(out, X2);
  expectClose([d.total, d.offset, d.scatter, d.outputVariance, d.dataVariance], [0.5, 0.25, 0.25, 0, 0.25], {
    rtol: 1e-15,
  });
  // And for the constant guess at the mean, the whole error is the data's variance.
  const c = decomposeError(constantReconstruction(columnMeans(X), X), X);
  expectClose([c.offset, c.scatter], [0, c.dataVariance], { atol: 1e-15 });
  expectClose(c.total, constantGuessError(columnMeans(X), X), { rtol: 1e-14 });
});

test("errorByTargetBand: entries near 0 or 1 against the middle, counted by hand", () => {
  const X2 = fromRows([
    [0, 0.5],
    [1, 0.95],
  ]);
  const R = fromRows([
    [0.1, 0.5],
    [0.8, 0.95],
  ]);
  const [edge, middle] = errorByTargetBand(R, X2, 0.1);
  // Near the edges: targets 0, 1, 0.95 with squared errors 0.01, 0.04, 0; the middle: 0.5 with error 0.
  assert.equal(edge.entries, 3);
  expectClose(edge.meanSquared, 0.05 / 3, { rtol: 1e-12 });
  assert.equal(middle.entries, 1);
  assert.equal(middle.meanSquared, 0);
  expectClose(edge.shareOfError, 1, { rtol: 1e-15 });
});
