import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { correlationMatrix } from "../src/data/correlation";
import { expectClose } from "./helpers";

test("Pearson correlation of a hand-checked example", () => {
  // Column b = 2a + 1 (r = 1), column c = −a (r = −1); d = (1, −1, 1, −1) against a = (1, 2, 3, 4):
  // mean a = 2.5, deviations (−1.5, −0.5, 0.5, 1.5); d has mean 0, so Σ(a−ā)d = −1.5 + 0.5 + 0.5 − 1.5 = −2,
  // Σ(a−ā)² = 5, Σd² = 4, so r(a, d) = −2 / √20 = −1 / √5.
  const X = fromRows([
    [1, 3, -1, 1],
    [2, 5, -2, -1],
    [3, 7, -3, 1],
    [4, 9, -4, -1],
  ]);
  const r = correlationMatrix(X);
  const ad = -1 / Math.sqrt(5);
  expectClose(
    r,
    fromRows([
      [1, 1, -1, ad],
      [1, 1, -1, ad],
      [-1, -1, 1, -ad],
      [ad, ad, -ad, 1],
    ]),
    { rtol: 1e-12, atol: 1e-15, what: "correlation" },
  );
});

test("a constant column has no correlation: an error naming the column, not a silent NaN", () => {
  // Column 1 is 0.1 throughout: its variance is 0 and r = 0/0. Summing 0.1/3 three times is not exactly 0.1,
  // so a check on the computed variance alone could miss it; the error must come either way.
  const X = fromRows([
    [1, 0.1, 4],
    [2, 0.1, 6],
    [3, 0.1, 5],
  ]);
  assert.throws(() => correlationMatrix(X, ["a", "b", "c"]), {
    message: "correlationMatrix: column b (index 1) is constant (every value is 0.1), its correlation is undefined",
  });
  assert.throws(() => correlationMatrix(X), { message: /^correlationMatrix: column index 1 is constant/ });
  assert.throws(() => correlationMatrix(X, ["a", "b"]), { message: /2 column names for 3 columns/ });
  const withNaN = fromRows([
    [1, 2],
    [NaN, 3],
    [2, 5],
  ]);
  assert.throws(() => correlationMatrix(withNaN, ["p", "q"]), { message: /row 1, column p \(index 0\): NaN/ });
  // (±1e200)² overflows: r would be Infinity/Infinity = NaN.
  const huge = fromRows([
    [1e200, 1],
    [-1e200, 2],
    [0, 4],
  ]);
  assert.throws(() => correlationMatrix(huge, ["p", "q"]), { message: /column p \(index 0\) and column p/ });
});
