import { test } from "node:test";
import assert from "node:assert/strict";
import {
  binomialTwoSidedP,
  binomialUpperTail,
  bootstrapInterval,
  flipSize,
  geometricMean,
  wilsonInterval,
} from "../src/experiment/intervals";
import { expectClose } from "./helpers";

test("Wilson interval: hand-computed values and the exact ends at 0 and n", () => {
  // 7 of 8, z = 1.96: centre (0.875 + 0.240)/1.480 = 0.7534, half 1.3243·√(0.013672 + 0.015006) = 0.2243.
  const w = wilsonInterval(7, 8);
  expectClose(w.low, 0.5291, { rtol: 1e-3 });
  expectClose(w.high, 0.9776, { rtol: 1e-3 });
  assert.equal(wilsonInterval(0, 8).low, 0);
  assert.equal(wilsonInterval(8, 8).high, 1);
  // 8 of 8: the lower bound n/(n + z²) = 8/11.8415.
  expectClose(wilsonInterval(8, 8).low, 8 / (8 + 1.959963984540054 ** 2), { rtol: 1e-12 });
  assert.throws(() => wilsonInterval(9, 8));
});

test("exact binomial test: the review's 8 of 10 against a fair coin is p ≈ 0.109 two-sided, 0.055 one-sided", () => {
  // P(X ≥ 8) = (45 + 10 + 1)/1024.
  expectClose(binomialUpperTail(8, 10, 0.5), 56 / 1024, { rtol: 1e-12 });
  expectClose(binomialTwoSidedP(8, 10, 0.5), 112 / 1024, { rtol: 1e-12 });
  expectClose(binomialTwoSidedP(5, 10, 0.5), 1, { rtol: 1e-12 });
  expectClose(binomialTwoSidedP(8, 8, 0.5), 2 / 256, { rtol: 1e-12 });
});

test("bootstrap interval of a mean covers the mean and narrows with more values", () => {
  const small = [1, 2, 3, 4, 5, 6, 7, 8];
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const a = bootstrapInterval(small, mean);
  assert.ok(a.low < 4.5 && a.high > 4.5 && a.low >= 1 && a.high <= 8);
  const big = Array.from({ length: 400 }, (_, i) => 1 + (i % 8));
  const b = bootstrapInterval(big, mean);
  assert.ok(b.high - b.low < (a.high - a.low) / 4);
  // Fixed seed: the same interval twice.
  assert.deepEqual(bootstrapInterval(small, mean), a);
});

test("geometric mean and flip size: a swap inverts the ratio but leaves the flip size alone", () => {
  expectClose(geometricMean([2, 8]), 4, { rtol: 1e-12 });
  const r = [1.5, 0.5, 2, 0.8];
  expectClose(flipSize(r).ratio, flipSize(r.map((x) => 1 / x)).ratio, { rtol: 1e-12 });
  expectClose(flipSize([2, 0.5]).ratio, 2, { rtol: 1e-12 });
});
