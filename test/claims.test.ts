import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { checkAssignmentClaims } from "../src/experiment/claims";
import { type MethodRuns } from "../src/experiment/runs";
import { type EpochRecord } from "../src/train/trainer";

/** A fabricated run whose errors follow train(e) and test(e). */
function run(method: string, train: (e: number) => number, test: (e: number) => number, epochs = 10) {
  const history: EpochRecord[] = Array.from({ length: epochs + 1 }, (_, e) => ({
    epoch: e,
    trainError: train(e),
    testError: test(e),
    seconds: 0,
  }));
  return { method, params: initParams(3, 2, new Rng(1)), history };
}

function runs(method: string, offsets: number[], gap = 0.01): MethodRuns {
  return {
    method,
    seeds: offsets.map((_, i) => i),
    runs: offsets.map((o) =>
      run(
        method,
        (e) => 0.3 / (1 + e) + o,
        (e) => 0.3 / (1 + e) + o + gap,
      ),
    ),
  };
}

const X = fromRows([
  [0.1, 0.9, 0.5],
  [0.8, 0.2, 0.4],
]);

test("identical paired runs: every method-difference claim is not supported, with the bound in the evidence", () => {
  const seeds = [0.01, 0.02, 0.05];
  const checks = checkAssignmentClaims({
    backprop: runs("backprop", seeds),
    autograd: runs("autograd", seeds),
    earlyEpoch: 2,
    trainX: X,
  });
  assert.equal(checks.length, 6);
  for (const c of checks.slice(0, 5)) {
    assert.equal(c.verdict, "not supported", c.claim);
    assert.match(c.evidence, /differ by at most 0\b/, c.claim);
  }
});

test("when backprop is lower in every seed, the 'backprop learns faster early' claim is supported", () => {
  const checks = checkAssignmentClaims({
    backprop: runs("backprop", [0.01, 0.02, 0.03]),
    autograd: runs("autograd", [0.02, 0.025, 0.04]),
    earlyEpoch: 2,
    trainX: X,
  });
  assert.equal(checks[0].verdict, "supported");
  assert.match(checks[0].evidence, /backprop has the lower training error in 3 of 3 seeds/);
  // ... and then autograd's test error is not lower, so that claim is refused.
  assert.equal(checks[1].verdict, "not supported");
  assert.match(checks[1].evidence, /autograd has the lower test error in 0 of 3 seeds/);
});

test("the initial-error claim compares epoch 0 with the final error and with the 0.5-output baseline", () => {
  // Baseline for X: ((0.4² + 0.4² + 0²) + (0.3² + 0.3² + 0.1²)) / 2 = (0.32 + 0.19) / 2 = 0.255.
  const high = checkAssignmentClaims({
    backprop: runs("backprop", [0]),
    autograd: runs("autograd", [0]),
    earlyEpoch: 1,
    trainX: X,
  })[5];
  assert.equal(high.verdict, "supported"); // 0.3 at epoch 0 against 0.3/11 at the end
  assert.match(high.evidence, /close to 0\.255/);
  const flat = checkAssignmentClaims({
    backprop: {
      method: "backprop",
      seeds: [0],
      runs: [
        run(
          "backprop",
          () => 0.1,
          () => 0.1,
        ),
      ],
    },
    autograd: {
      method: "autograd",
      seeds: [0],
      runs: [
        run(
          "autograd",
          () => 0.1,
          () => 0.1,
        ),
      ],
    },
    earlyEpoch: 1,
    trainX: X,
  })[5];
  assert.equal(flat.verdict, "not supported");
  assert.match(flat.evidence, /would score 0\.255/);
});

test("runs with different seeds are refused", () => {
  const a = runs("backprop", [0, 0]);
  const b = { ...runs("autograd", [0, 0]), seeds: [5, 6] };
  assert.throws(() => checkAssignmentClaims({ backprop: a, autograd: b, earlyEpoch: 1, trainX: X }), /same seeds/);
});
