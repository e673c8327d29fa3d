import { test } from "node:test";
import assert from "node:assert/strict";
import { countingRuns, pairedRuns, referenceRuns } from "../src/experiment/paired-runs";
import { initForSeed } from "../src/experiment/runs";
import { fromArray } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";

const rng = new Rng(8);
const X = fromArray(
  16,
  3,
  Array.from({ length: 48 }, () => rng.uniform()),
);
const setup = { trainX: X, testX: null, hidden: 2, epochs: 4, lr: 0.5, seeds: [5, 6] };
const errors = (h: { trainError: number }[]) => h.map((r) => r.trainError);

test("pairedRuns: each arm is train() with the setup's settings, changed only where the arm says", () => {
  const pairs = pairedRuns(setup, {}, { initSeed: (s) => s + 100, lr: 0.25 });
  setup.seeds.forEach((s, i) => {
    const ref = train(backpropMethod, initForSeed(s, 3, 2), X, null, { epochs: 4, lr: 0.5, seed: s });
    const variant = train(backpropMethod, initForSeed(s + 100, 3, 2), X, null, { epochs: 4, lr: 0.25, seed: s });
    assert.deepEqual(errors(pairs[i].reference.history), errors(ref.history));
    assert.deepEqual(errors(pairs[i].variant.history), errors(variant.history));
  });
});

test("pairedRuns: given reference runs are used as they are, and only the variants are trained and counted", () => {
  const first = pairedRuns(setup, {}, {});
  const reference = referenceRuns(first);
  const counts: number[] = [];
  const again = pairedRuns({ ...setup, onRun: (done, total) => counts.push(done, total) }, reference, {
    orderSeed: (s) => s + 1,
  });
  assert.equal(again[0].reference, reference[0]);
  assert.deepEqual(counts, [1, 2, 2, 2]); // two variant runs of two in all
  assert.throws(() => pairedRuns(setup, reference.slice(1), {}), /1 reference runs for 2 seeds/);
  const seen: number[] = [];
  const both = countingRuns({ ...setup, onRun: (done: number, total: number) => seen.push(done * 10 + total) }, 4);
  pairedRuns(both, reference, {});
  pairedRuns(both, reference, {});
  assert.deepEqual(seen, [14, 24, 34, 44]); // one count over two calls
});
