import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows, zeros, column } from "../src/linalg/matrix";
import { initParams, type Params } from "../src/model/params";
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

/** All weights and biases 0: every output is σ(0) = 0.5 exactly. */
const ZERO: Params = { W1: zeros(3, 2), B1: zeros(2, 1), W2: zeros(2, 3), B2: zeros(3, 1) };

/** Runs with errors 0.3/(1+e) + offset, and test − train = gap (per seed, or one value for all). */
function runs(method: string, offsets: number[], gap: number | number[] = 0.01, init: Params = ZERO): MethodRuns {
  const g = (i: number): number => (Array.isArray(gap) ? gap[i] : gap);
  return {
    method,
    seeds: offsets.map((_, i) => i),
    inits: offsets.map(() => init),
    runs: offsets.map((o, i) =>
      run(
        method,
        (e) => 0.3 / (1 + e) + o,
        (e) => 0.3 / (1 + e) + o + g(i),
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

test("the train/test gap claim needs backprop's test error above its train error and autograd's gap smaller", () => {
  const offsets = [0.01, 0.02];
  const gapClaim = (bpGap: number[], agGap: number[]) =>
    checkAssignmentClaims({
      backprop: runs("backprop", offsets, bpGap),
      autograd: runs("autograd", offsets, agGap),
      earlyEpoch: 2,
      trainX: X,
    })[4];
  const yes = gapClaim([0.02, 0.03], [0.001, -0.002]);
  assert.equal(yes.verdict, "supported");
  assert.match(yes.evidence, /above its training error in 2 of 2 seeds/);
  // Backprop's test error below its training error: the claim's premise fails even though autograd's gap is smaller.
  const below = gapClaim([-0.02, -0.03], [0.001, 0.002]);
  assert.equal(below.verdict, "not supported");
  assert.match(below.evidence, /above its training error in 0 of 2 seeds/);
  // Autograd's gap wider in one seed.
  assert.equal(gapClaim([0.02, 0.03], [0.001, 0.05]).verdict, "not supported");
});

test("the initial-error claim compares epoch 0 with the final error and measures how far outputs start from 0.5", () => {
  // Baseline for X: ((0.4² + 0.4² + 0²) + (0.3² + 0.3² + 0.1²)) / 2 = (0.32 + 0.19) / 2 = 0.255.
  const high = checkAssignmentClaims({
    backprop: runs("backprop", [0]),
    autograd: runs("autograd", [0]),
    earlyEpoch: 1,
    trainX: X,
  })[5];
  assert.equal(high.verdict, "supported"); // 0.3 at epoch 0 against 0.3/11 at the end
  assert.match(high.evidence, /on average 0 from 0\.5/); // all-zero weights output exactly 0.5
  assert.match(high.evidence, /would score 0\.255/);
  assert.match(high.evidence, /near σ\(0\) = 0\.5/);

  // Output biases of ±ln 3 push the outputs to 3/4 and 1/4: 0.25 from 0.5 on average, not a constant guess.
  const ln3 = Math.log(3);
  const skewed: Params = { ...ZERO, B2: column([ln3, -ln3, ln3]) };
  const flat = checkAssignmentClaims({
    backprop: {
      ...runs("backprop", [0], 0, skewed),
      runs: [
        run(
          "backprop",
          () => 0.1,
          () => 0.1,
        ),
      ],
    },
    autograd: {
      ...runs("autograd", [0], 0, skewed),
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
  assert.equal(flat.verdict, "not supported"); // no decrease at all
  assert.match(flat.evidence, /on average 0\.250 from 0\.5/);
  assert.match(flat.evidence, /not simply a constant guess/);
});

test("runs with different seeds are refused", () => {
  const a = runs("backprop", [0, 0]);
  const b = { ...runs("autograd", [0, 0]), seeds: [5, 6] };
  assert.throws(() => checkAssignmentClaims({ backprop: a, autograd: b, earlyEpoch: 1, trainX: X }), /same seeds/);
});
