import { test } from "node:test";
import assert from "node:assert/strict";
import { adamLossScalingMechanism, adamMethod } from "../src/experiment/adam";
import { directionalMechanisms } from "../src/experiment/directional";
import { effectSizes } from "../src/experiment/mechanism";
import { OBSERVATIONS, countObservation } from "../src/experiment/observations";
import { pairedRuns } from "../src/experiment/paired-runs";
import { initForSeed } from "../src/experiment/runs";
import { trainLoggingRunningMean } from "../src/experiment/running-mean";
import { batchGradients } from "../src/model/batch-gradients";
import { fromArray } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";
import { expectClose } from "./helpers";

/*
 * Each one-directional mechanism on a constructed case where its direction follows from its definition: a
 * slower learner is behind early, a running mean over a falling error lies above the error at the epoch's end,
 * and Adam does not see a constant factor on the loss.
 */

const rng = new Rng(21);
const X = fromArray(
  30,
  3,
  Array.from({ length: 90 }, () => rng.uniform()),
);
const T = fromArray(
  10,
  3,
  Array.from({ length: 30 }, () => rng.uniform()),
);
const setup = { trainX: X, testX: T, hidden: 2, epochs: 12, lr: 0.5, batchSize: 1, seeds: [1, 2, 3, 4] };

test("running-mean log: each epoch's logged error is the mean of the losses met before each update", () => {
  const init = initForSeed(1, 3, 2);
  const o = { epochs: 3, lr: 0.5, seed: 1 };
  const logged = trainLoggingRunningMean(backpropMethod, init, X, T, o);
  const plain = train(backpropMethod, init, X, T, o);
  // Same training: the same weights and test errors; epoch 0 is untouched.
  assert.deepEqual(logged.params, plain.params);
  assert.deepEqual(
    logged.history.map((r) => r.testError),
    plain.history.map((r) => r.testError),
  );
  assert.equal(logged.history[0].trainError, plain.history[0].trainError);
  // While the error falls, a mean over weights from earlier in the epoch lies above the error at its end.
  assert.ok(logged.history[1].trainError > plain.history[1].trainError);
});

test("the one-directional mechanisms on a constructed case: slower learners behind early, the slips on backprop's side", () => {
  const reference = pairedRuns(setup, {}, {}).map((p) => p.reference);
  const ms = directionalMechanisms(setup, reference, { miniBatch: 10, slips: ["dropped-two"] });
  const byName = (prefix: string) => ms.find((m) => m.name.startsWith(prefix))!;
  const at = { early: 3, last: 12 };
  // Fewer updates per epoch (mini-batches), a third of the step (averaged loss), a lagging log: autograd's
  // training error is the higher one at epoch 3 in every pair (observation 1).
  for (const name of ["autograd on mini-batches", "loss averaged", "error logged as a running mean"]) {
    for (const p of byName(name).pairs) assert.ok(OBSERVATIONS[0].margin(p, at) > 0, name);
  }
  // The dropped 2 halves backprop's step: backprop is the slower one, so its pair's "backprop" is the η/2 run.
  const slip = byName("slip: factor 2 dropped");
  const slow = train(backpropMethod, initForSeed(1, 3, 2), X, T, { epochs: 12, lr: 0.25, seed: 1 });
  const errors = (h: typeof slow.history) => h.map((r) => [r.trainError, r.testError]);
  assert.deepEqual(errors(slip.pairs[0].reference.history), errors(slow.history));
  assert.equal(slip.pairs[0].variant, reference[0]);
  assert.equal(countObservation(OBSERVATIONS[0], slip.pairs, at).visible, 0);
});

test("Adam's first step moves every weight by about η, whatever the loss's scale", () => {
  const init = initForSeed(1, 3, 2);
  const order = Uint32Array.from({ length: X.rows }, (_, i) => i);
  const g = batchGradients(init, X); // the summed-over-rows gradients; only their signs matter here
  for (const lossScale of [1, 1 / 3]) {
    const s = adamMethod({ lossScale }).start(init, X);
    s.step(order, 0, X.rows, 0.01);
    const moved = s.params();
    // m̂/√v̂ = g/|g| on the first step, so each weight moves by η·g/(|g| + ε) ≈ η against its gradient's sign.
    for (let i = 0; i < init.W2.data.length; i++) {
      expectClose(moved.W2.data[i] - init.W2.data[i], -0.01 * Math.sign(g.dE_dW2.data[i]), { rtol: 1e-4 });
    }
  }
});

test("a loss averaged over the outputs: a third of the step under SGD, no visible effect under Adam", () => {
  const adam = adamLossScalingMechanism({ ...setup, epochs: 5 }, 0.01);
  const sgd = directionalMechanisms(
    { ...setup, epochs: 5 },
    pairedRuns({ ...setup, epochs: 5 }, {}, {}).map((p) => p.reference),
    {
      miniBatch: 10,
      slips: [],
    },
  ).find((m) => m.name.startsWith("loss averaged"))!;
  const [adamAt5] = effectSizes(adam, [5]);
  const [sgdAt5] = effectSizes(sgd, [5]);
  assert.ok(adamAt5.medianRel < 1e-4, `Adam: ${adamAt5.medianRel}`);
  assert.ok(sgdAt5.medianRel > 0.01, `SGD: ${sgdAt5.medianRel}`);
});
