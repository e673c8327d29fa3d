import { test } from "node:test";
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
