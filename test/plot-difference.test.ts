import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_POINTS_PER_LINE, blockMax, differenceCurves, historyDifference } from "../src/plot/difference";

test("blockMax: the largest positive value of each block, a gap where a block has none", () => {
  const epochs = [0, 1, 2, 3, 4, 5, 6];
  const values = [0, 3e-17, 1e-17, 0, 0, null, 2e-18];
  assert.deepEqual(blockMax(epochs, values, 3), { x: [0, 3, 6], y: [3e-17, null, 2e-18] });
  assert.deepEqual(blockMax(epochs, values, 1).y, [null, 3e-17, 1e-17, null, null, null, 2e-18]);
  assert.throws(() => blockMax(epochs, values, 0), /block must be a positive integer/);
});

test("differenceCurves over 1000 epochs: at most 200 points per line, every maximum kept, the block named", () => {
  const mk = (jitter: (e: number) => number) =>
    Array.from({ length: 1001 }, (_, epoch) => ({
      epoch,
      trainError: 0.1 + jitter(epoch),
      testError: 0.2 + jitter(epoch + 1),
      seconds: 0,
    }));
  // differences that jump between 0 and a few rounding steps, as paired runs do
  const a = { label: "backprop", history: mk(() => 0) };
  const b = { label: "autograd", history: mk((e) => ((e * 7919) % 5) * 2 ** -56) };
  const fig = differenceCurves(a, b);
  const train = fig.data.find((t) => t.name.startsWith("train |A − B|"));
  assert.ok(train);
  assert.equal(train.name, "train |A − B| (largest in each 6 epochs)");
  assert.ok(train.y.length <= MAX_POINTS_PER_LINE, `${train.y.length} points`);
  const exact = historyDifference(a.history, b.history);
  assert.equal(Math.max(...train.y.map((v) => v ?? 0)), exact.maxTrain.value);
  assert.equal(train.mode, "lines");
});
