import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatCount,
  formatCountOf,
  formatDifference,
  formatNumber,
  formatPercent,
  formatSeconds,
  formatTimes,
} from "../src/format/number";

describe("formatNumber", () => {
  it("keeps the requested significant digits, trailing zeros included", () => {
    assert.equal(formatNumber(0.19788, 6), "0.197880");
    assert.equal(formatNumber(0.0053, 2), "0.0053");
    assert.equal(formatNumber(2.5, 3), "2.50");
  });
  it("groups thousands and never falls into exponent form below a million", () => {
    assert.equal(formatNumber(4670, 3), "4,670");
    assert.equal(formatNumber(4670, 2), "4,700");
    assert.equal(formatNumber(123456.7, 3), "123,000");
  });
  it("writes small and huge numbers as a power of ten with a real minus sign", () => {
    assert.equal(formatNumber(1.7e14, 2), "1.7 × 10¹⁴");
    assert.equal(formatNumber(-4.4e-16, 2), "−4.4 × 10⁻¹⁶");
    assert.equal(formatNumber(-0.25, 2), "−0.25");
  });
  it("names zero and non-finite values", () => {
    assert.equal(formatNumber(0), "0");
    assert.equal(formatNumber(NaN), "NaN");
    assert.equal(formatNumber(-Infinity), "−∞");
  });
  it("rejects a digit count toPrecision cannot honour", () => {
    assert.throws(() => formatNumber(1, 0), /digits must be an integer from 1 to 21, got 0/);
  });
});

describe("the other formatters", () => {
  it("ratios, differences, percentages, durations and counts", () => {
    assert.equal(formatTimes(4670), "4,670×");
    assert.equal(formatTimes(1.5234), "1.52×");
    assert.equal(formatDifference(0), "exactly 0");
    assert.equal(formatDifference(2.6e-14), "2.6 × 10⁻¹⁴");
    assert.equal(formatPercent(0.0804), "8.0%");
    assert.equal(formatPercent(-0.047), "−4.7%");
    assert.equal(formatPercent(-0.00001), "0.0%");
    assert.equal(formatSeconds(0.068), "68 ms");
    assert.equal(formatSeconds(0.00084), "840 µs");
    assert.equal(formatSeconds(1.26), "1.3 s");
    assert.equal(formatSeconds(125), "2 min 5 s");
    assert.equal(formatCount(150000), "150,000");
    assert.throws(() => formatCount(1.5), /not an integer/);
  });
});

describe("formatCountOf", () => {
  it("makes the noun agree with the count, which is grouped", () => {
    assert.equal(formatCountOf(1, "hidden unit"), "1 hidden unit");
    assert.equal(formatCountOf(3, "hidden unit"), "3 hidden units");
    assert.equal(formatCountOf(0, "row"), "0 rows");
    assert.equal(formatCountOf(150000, "row"), "150,000 rows");
    assert.equal(formatCountOf(2, "matrix", "matrices"), "2 matrices");
  });
});
