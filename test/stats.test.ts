import { test } from "node:test";
import assert from "node:assert/strict";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import {
  maxCurveDifference,
  maxRelativeTrainDifference,
  meanSd,
  median,
  seedSummaryRows,
  summarizeHistory,
} from "../src/experiment/stats";
import { type EpochRecord, type TrainResult } from "../src/train/trainer";

const rec = (epoch: number, trainError: number, testError: number | null, seconds = 0.5): EpochRecord => ({
  epoch,
  trainError,
  testError,
  seconds: epoch === 0 ? 0 : seconds,
});
const result = (history: EpochRecord[]): TrainResult => ({
  method: "m",
  params: initParams(3, 2, new Rng(1)),
  history,
});

test("meanSd uses the sample standard deviation", () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, sample variance 32/7.
  const { mean, sd } = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(mean, 5);
  assert.ok(Math.abs(sd - Math.sqrt(32 / 7)) < 1e-15);
  assert.equal(meanSd([3]).sd, 0);
});

test("summarizeHistory picks first, last, the lowest test error and adds up training time", () => {
  const h = [rec(0, 0.4, 0.5), rec(1, 0.2, 0.3), rec(2, 0.1, 0.25), rec(3, 0.05, 0.26)];
  const s = summarizeHistory(h);
  assert.equal(s.first.epoch, 0);
  assert.equal(s.last.epoch, 3);
  assert.equal(s.best.epoch, 2);
  assert.equal(s.trainingSeconds, 1.5);
  // Without a test set, the best epoch is the lowest training error.
  assert.equal(summarizeHistory([rec(0, 0.4, null), rec(1, 0.3, null), rec(2, 0.35, null)]).best.epoch, 1);
});

test("curve differences: absolute over train and test, relative over train", () => {
  const a = result([rec(0, 1, 2), rec(1, 0.5, 0.7)]);
  const b = result([rec(0, 1, 2.25), rec(1, 0.4, 0.7)]);
  assert.equal(maxCurveDifference(a, b), 0.25); // the test error at epoch 0
  assert.ok(Math.abs(maxRelativeTrainDifference(a, b) - 0.25) < 1e-15); // |0.5 − 0.4| / 0.4
});

test("seedSummaryRows gives each method's mean and sd at each asked epoch", () => {
  const m = (name: string, finals: number[]) => ({
    method: name,
    runs: finals.map((f) => result([rec(0, 1, 1), rec(1, f, 2 * f)])),
  });
  const rows = seedSummaryRows([m("a", [0.1, 0.3]), m("b", [0.2, 0.2])], [1]);
  assert.equal(rows.length, 2);
  assert.deepEqual(
    rows.map((r) => [r.method, r["train mean"], r["test mean"]]),
    [
      ["a", 0.2, 0.4],
      ["b", 0.2, 0.4],
    ],
  );
  assert.ok(Math.abs(Number(rows[0]["train sd over seeds"]) - Math.sqrt(0.02)) < 1e-15); // (0.1², 0.1²)/1
  assert.equal(rows[1]["train sd over seeds"], 0);
});

test("median: middle value, or the mean of the two middle values", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([-1]), -1);
  assert.throws(() => median([]), /empty/);
});
