import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, fromRows, zeros } from "../src/linalg/matrix";
import { backpropSample as derivation } from "../src/model/backward";
import { meanError } from "../src/model/forward";
import { type Params, cloneParams, initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { type EpochRecord, train } from "../src/train/trainer";
import { methodByName } from "../src/method-registry";
import { FLOAT32_TOLERANCE } from "../src/tfjs/autoencoder";
import { initForSeed } from "../src/experiment/runs";
import { averagedLossAutogradMethod, lossScalingMechanism, meanOverOutputs } from "../src/experiment/loss-scaling";
import { float32BackpropMethod, float32Mechanism } from "../src/experiment/float32";
import { RESEED_OFFSET, reseedMechanism } from "../src/experiment/reseeding";
import {
  IMPLEMENTATION_CONTROL,
  NUDGE,
  SWEEP_CONTROLS,
  chaoticMechanism,
  control,
  isChaotic,
  lateDifferences,
  learningRateSweep,
  nudged,
} from "../src/experiment/lr-sweep";
import { crossingPhrase, crossings, scaledOnAllRows, splitVariance } from "../src/experiment/split-variance";
import path from "node:path";
import { prepareDataset } from "../src/data/dataset";
import { bestConstantError, initialError, initialErrorVerdict, randomShare } from "../src/experiment/initial-error";
import { effectSizes } from "../src/experiment/mechanism";
import { separation } from "../src/experiment/separation";
import { describeSeparationFromBackprop, separationsFromBackprop } from "../src/experiment/separation-from-backprop";
import { expectClose } from "./helpers";

/*
 * Each mechanism experiment on a small case, checked against an independent reason: a hand calculation,
 * the derivation's gradients, TensorFlow.js, or runs rebuilt here from the trainer's documented inputs.
 */

function randomRows(seed: number, rows: number, n = 3): Matrix {
  const rng = new Rng(seed);
  const X = zeros(rows, n);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

const X = randomRows(11, 24);
const Xtest = randomRows(12, 8);
const setup = { trainX: X, testX: Xtest, hidden: 2, epochs: 6, lr: 0.5, seeds: [3, 4] };

function params(p: Params): number[] {
  return [...p.W1.data, ...p.B1.data, ...p.W2.data, ...p.B2.data];
}

test("loss averaged over the outputs with η: the engine's step equals the summed-loss step at η/n, by hand", () => {
  const rng = new Rng(5);
  for (let trial = 0; trial < 20; trial++) {
    const p = initParams(3, 2, rng);
    p.B1.data.set([rng.range(-1, 1), rng.range(-1, 1)]);
    p.B2.data.set([rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)]);
    const x = [rng.uniform(), rng.uniform(), rng.uniform()];
    const lr = rng.range(0.05, 5);
    // By hand: the derivation's gradient of the summed E, W ← W − (η/3) ∂E/∂W.
    const g = derivation(p, x);
    const expected = cloneParams(p);
    const grads = [g.dE_dW1, g.dE_dB1, g.dE_dW2, g.dE_dB2];
    [expected.W1, expected.B1, expected.W2, expected.B2].forEach((m, k) => {
      for (let i = 0; i < m.data.length; i++) m.data[i] -= (lr / 3) * grads[k].data[i];
    });
    const one = fromRows([x]);
    const order = new Uint32Array([0]);
    for (const method of [averagedLossAutogradMethod, meanOverOutputs(backpropMethod)]) {
      const s = method.start(p, one);
      s.step(order, 0, 1, lr);
      const got = params(s.params());
      const want = params(expected);
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-15, `${method.name}: ${v} vs ${want[i]}`));
    }
  }
});

test("the engine's averaged loss is E/n: its gradient matches finite differences of E/3", () => {
  const p = initParams(3, 2, new Rng(8));
  const one = fromRows([[0.2, 0.7, 0.4]]);
  const lr = 1e-3;
  const s = averagedLossAutogradMethod.start(p, one);
  s.step(new Uint32Array([0]), 0, 1, lr);
  const step = params(s.params()).map((v, i) => (params(p)[i] - v) / lr); // = ∂(E/3)/∂w
  const flat = [p.W1, p.B1, p.W2, p.B2];
  let k = 0;
  for (const m of flat) {
    for (let i = 0; i < m.data.length; i++, k++) {
      const old = m.data[i];
      m.data[i] = old + 1e-6;
      const up = meanError(p, one) / 3;
      m.data[i] = old - 1e-6;
      const down = meanError(p, one) / 3;
      m.data[i] = old;
      expectClose(step[k], (up - down) / 2e-6, { rtol: 1e-6, atol: 1e-10, what: `∂(E/3)/∂w[${k}]` });
    }
  }
});

test("lossScalingMechanism pairs backprop at η with the averaged loss, i.e. backprop at η/n from the same start", () => {
  const m = lossScalingMechanism(setup);
  assert.equal(m.pairs.length, 2);
  m.pairs.forEach((pair, i) => {
    const s = setup.seeds[i];
    const init = initForSeed(s, 3, 2);
    const options = { epochs: setup.epochs, lr: setup.lr, seed: s };
    assert.deepEqual(
      pair.reference.history.map((r) => r.trainError),
      train(backpropMethod, init, X, Xtest, options).history.map((r) => r.trainError),
    );
    const slow = train(backpropMethod, init, X, Xtest, { ...options, lr: setup.lr / 3 });
    expectClose(
      pair.variant.history.map((r) => r.trainError),
      slow.history.map((r) => r.trainError),
      { rtol: 1e-13, what: "averaged loss vs η/3" },
    );
  });
});

test("float32 emulation: every weight stays a float32, and the run agrees with TensorFlow.js within float32 tolerance", () => {
  const init = initForSeed(1, 3, 2);
  const options = { epochs: 3, lr: 0.5, seed: 1 };
  const emu = train(float32BackpropMethod, init, X, Xtest, options);
  for (const v of params(emu.params)) assert.equal(Math.fround(v), v);
  const tf = train(methodByName("tfjs"), init, X, Xtest, options);
  const f64 = train(backpropMethod, init, X, Xtest, options);
  const tol = FLOAT32_TOLERANCE.history;
  expectClose(
    emu.history.map((r) => r.trainError),
    tf.history.map((r) => r.trainError),
    { rtol: tol, what: "emulation vs TF.js" },
  );
  expectClose(
    emu.history.map((r) => r.trainError),
    f64.history.map((r) => r.trainError),
    { rtol: tol, what: "emulation vs float64" },
  );
  // …but it is not float64: the last epoch differs in more than the last bit.
  const last = emu.history.length - 1;
  assert.ok(Math.abs(emu.history[last].trainError - f64.history[last].trainError) > 1e-12);
  // Mini-batches: the same agreement with TF.js, and batch size 1 is the per-sample step exactly.
  const batched = { ...options, batchSize: 4 };
  expectClose(
    train(float32BackpropMethod, init, X, Xtest, batched).history.map((r) => r.trainError),
    train(methodByName("tfjs"), init, X, Xtest, batched).history.map((r) => r.trainError),
    { rtol: tol, what: "emulation vs TF.js, batch 4" },
  );
});

test("float32Mechanism pairs float64 backprop with the emulation from the same weights and order", () => {
  const m = float32Mechanism({ ...setup, seeds: [2] });
  const [pair] = m.pairs;
  assert.equal(pair.reference.history[0].trainError, meanError(initForSeed(2, 3, 2), X));
  const sep = separation(pair.reference.history, pair.variant.history);
  assert.notEqual(sep.kind, "bitwise identical");
  assert.ok(sep.maxRel < FLOAT32_TOLERANCE.history);
});

test("reseeding changes exactly the part it names", () => {
  const rebuilt = (initSeed: number, orderSeed: number) =>
    train(backpropMethod, initForSeed(initSeed, 3, 2), X, Xtest, {
      epochs: setup.epochs,
      lr: setup.lr,
      seed: orderSeed,
    }).history;
  const errs = (h: readonly EpochRecord[]) => h.map((r) => [r.trainError, r.testError]);
  for (const [what, initB, orderB] of [
    ["initial weights", 1, 0],
    ["sample order", 0, 1],
    ["both", 1, 1],
  ] as const) {
    const m = reseedMechanism(setup, what);
    m.pairs.forEach((pair, i) => {
      const s = setup.seeds[i];
      const o = s + RESEED_OFFSET;
      assert.deepEqual(errs(pair.reference.history), errs(rebuilt(s, s)), `${what}: first run`);
      assert.deepEqual(errs(pair.variant.history), errs(rebuilt(initB ? o : s, orderB ? o : s)), `${what}: second run`);
    });
    const [p] = m.pairs;
    const sameStart = p.reference.history[0].trainError === p.variant.history[0].trainError;
    assert.equal(sameStart, what === "sample order", `${what}: epoch 0 shared only when the weights are`);
  }
});

test("the learning-rate control moves one weight by NUDGE and nothing else; a small rate keeps paired runs together", () => {
  const p = initForSeed(4, 3, 2);
  const q = nudged(p);
  const a = params(p);
  const b = params(q);
  assert.ok(Math.abs(b[0] / a[0] - 1 - NUDGE) < 1e-15);
  assert.deepEqual(b.slice(1), a.slice(1));
  const rows = learningRateSweep({ trainX: X, testX: Xtest, hidden: 2, epochs: 20, seeds: [0, 1] }, [0.05, 0.5]);
  assert.deepEqual(
    rows.map((r) => r.lr),
    [0.05, 0.5],
  );
  for (const r of rows) {
    assert.equal(r.paired.length, 2);
    assert.ok(r.paired.every((s) => s.kind === "bitwise identical"));
    assert.deepEqual(
      r.controls.map((c) => c.name),
      SWEEP_CONTROLS.map((c) => c.name),
    );
    // Each control differs from backprop in its last bits (or, for the nudge, 1e-12 in one weight): its errors
    // differ, but at a small rate stay far below visible.
    for (const c of r.controls) {
      assert.ok(
        c.seps.every((s) => s.maxRel > 0 && s.maxRel < 1e-5),
        `${c.name}: ${c.seps.map((s) => s.maxRel)}`,
      );
      // Its pairs are float64 backprop (the same run as in the paired comparison) against the control run.
      c.pairs.forEach((p, k) => assert.equal(p.reference, r.pairs[k].reference));
    }
    assert.equal(chaoticMechanism(r).pairs, control(r, IMPLEMENTATION_CONTROL).pairs);
    assert.equal(isChaotic(r), false);
  }
});

test("crossings counts sign changes of test − train after epoch 0, by hand", () => {
  const gaps = [-1, 1, 1, -1, -1, 1, 0, 1]; // epoch 0 ignored; a zero gap keeps the previous sign
  const h: EpochRecord[] = gaps.map((g, e) => ({ epoch: e, trainError: 1, testError: 1 + g * 0.1, seconds: 0 }));
  assert.deepEqual(crossings(h), { count: 2, epochs: [3, 5] });
  assert.deepEqual(crossings(h.slice(0, 3)), { count: 0, epochs: null });
});

test("splitVariance: gaps and counts from the runs' final weights, pairs of disjoint splits", () => {
  const data = [0, 1, 2, 3, 4].map((s) => ({ train: randomRows(100 + s, 20), test: randomRows(200 + s, 6) }));
  const v = splitVariance({ hidden: 2, epochs: 8, lr: 0.5, seeds: [7] }, [0, 1, 2, 3, 4], (s) => data[s]);
  assert.equal(v.runs.length, 5);
  let below = 0;
  v.runs.forEach((r, i) => {
    const gap = meanError(r.run.params, data[i].test) - meanError(r.run.params, data[i].train);
    expectClose(r.finalGap, gap, { rtol: 1e-12, what: `gap of split ${i}` });
    if (gap < 0) below++;
    assert.equal(r.run.history[0].trainError, meanError(initForSeed(7, 3, 2), data[i].train));
  });
  assert.equal(v.testBelowTrain, below);
  assert.equal(v.mechanism.pairs.length, 2);
  assert.equal(v.mechanism.pairs[1].reference, v.runs[2].run);
  assert.equal(v.mechanism.pairs[1].variant, v.runs[3].run);
});

test("initial error: zero weights, the best constant and the output spread, by hand", () => {
  const M = fromRows([
    [0, 0, 1],
    [1, 0.5, 1],
  ]);
  // Column variances (population): 0.25, 0.0625, 0.
  assert.equal(bestConstantError(M), 0.3125);
  const zero: Params = { W1: zeros(3, 2), B1: zeros(2, 1), W2: zeros(2, 3), B2: zeros(3, 1) };
  // Every output 0.5: ((0.25 + 0.25 + 0.25) + (0.25 + 0 + 0.25)) / 2
  const m = initialError(
    fromRows([
      [0, 0, 1],
      [1, 0.5, 0],
    ]),
    [zero],
    [0.01],
  );
  assert.equal(m.zeroWeights, 0.625);
  assert.equal(m.random.mean, 0.625);
  assert.equal(m.outputSpread, 0); // constant outputs do not depend on the input at all
  assert.equal(randomShare(m), 0);
  assert.equal(m.small, null);
  const v = initialErrorVerdict(m);
  // 0.625 ≥ 0.5625 (input-blind) and the random start adds nothing: the start, not the randomness.
  assert.equal(v.verdict, "Right that the untrained start makes it high; the randomness is not the reason");
  assert.match(v.evidence, /Random weights add nothing to it/);
  assert.match(v.evidence, /training mean, scores 0\.563/);
  const worse = initialErrorVerdict({ ...m, random: { mean: 0.7, sd: 0, count: 1 } });
  assert.equal(worse.verdict, v.verdict); // 0.075 of 0.7 is 10.7%: still mostly not the randomness
  assert.match(worse.evidence, /larger scale adds 0\.0750, 10\.7% of the first error/);
  const withSmall = initialErrorVerdict({ ...m, small: { scale: 0.1, mean: 0.626, count: 2 } });
  assert.match(withSmall.evidence, /U\(−0\.1, 0\.1\) start at 0\.626, the same/);
  const mostly = initialErrorVerdict({ ...m, random: { mean: 2, sd: 0, count: 1 } });
  assert.match(mostly.verdict, /most of it comes from the random weights' scale/);
  const low = initialErrorVerdict({ ...m, trained: 0.5 });
  assert.match(low.verdict, /^Not reproduced/);
});

test("effectSizes: medians of absolute and relative differences, by hand", () => {
  const h = (tr: number[], te: number[]): EpochRecord[] =>
    tr.map((t, e) => ({ epoch: e, trainError: t, testError: te[e], seconds: 0 }));
  const r = (tr: number[], te: number[]) => ({ method: "x", params: initForSeed(0, 3, 2), history: h(tr, te) });
  const sizes = effectSizes(
    {
      name: "m",
      differs: "d",
      pairs: [
        { reference: r([1, 0.1], [1, 0.2]), variant: r([1, 0.12], [1, 0.2]) },
        { reference: r([1, 0.1], [1, 0.2]), variant: r([1, 0.1], [1, 0.3]) },
      ],
    },
    [0, 1],
  );
  assert.equal(sizes[0].medianAbs, 0);
  expectClose(sizes[1].medianAbs, 0.01, { rtol: 1e-12 }); // median of 0.02 and 0
  expectClose(sizes[1].medianRel, 0.02 / 0.11 / 2, { rtol: 1e-12 });
  expectClose(sizes[1].medianAbsTest!, 0.05, { rtol: 1e-12 });
});

test("every experiment reports each training run once through onRun", () => {
  const calls: string[] = [];
  const onRun = (done: number, total: number) => calls.push(`${done}/${total}`);
  reseedMechanism({ ...setup, epochs: 2, onRun }, "both");
  assert.deepEqual(calls, ["1/4", "2/4", "3/4", "4/4"]);
  calls.length = 0;
  learningRateSweep({ trainX: X, testX: Xtest, hidden: 2, epochs: 2, seeds: [0], onRun }, [0.1, 1]);
  // Per rate and seed: backprop, autograd and one run per control (nudged, other summation order, float32).
  assert.deepEqual(
    calls,
    Array.from({ length: 10 }, (_, i) => `${i + 1}/10`),
  );
});

test("lateDifferences: medians over the second half of the run, paired and between neighbouring seeds, by hand", () => {
  const run = (errs: number[]) => ({
    method: "m",
    params: initForSeed(0, 3, 2),
    history: errs.map((e, i) => ({ epoch: i, trainError: e, testError: null, seconds: 0 })),
  });
  // Epochs 2..4 count (last = 4). Pair 0: 1 vs 1.5 → 0.4 at each; pair 1: 2 vs 2 → 0. Seeds: 1 vs 2 → 2/3.
  const pairs = [
    { reference: run([9, 9, 1, 1, 1]), variant: run([9, 9, 1.5, 1.5, 1.5]) },
    { reference: run([9, 9, 2, 2, 2]), variant: run([9, 9, 2, 2, 2]) },
  ];
  const d = lateDifferences(pairs);
  assert.equal(d.paired, 0.2); // median of three 0.4 and three 0
  expectClose(d.seeds!, 2 / 3, { rtol: 1e-15 });
  assert.equal(lateDifferences(pairs.slice(0, 1)).seeds, null);
});

test("crossingPhrase: never, once, or how often and where", () => {
  const r = (crossings: number, crossingEpochs: [number, number] | null) => ({
    splitSeed: 0,
    run: { method: "m", params: initForSeed(0, 3, 2), history: [] },
    finalGap: 0,
    crossings,
    crossingEpochs,
  });
  assert.equal(crossingPhrase(r(0, null)), "never");
  assert.equal(crossingPhrase(r(1, [84, 84])), "once, at epoch 84");
  assert.equal(crossingPhrase(r(12, [43, 1080])), "12 times between epochs 43 and 1,080");
});

test("separationsFromBackprop pairs float64 backprop with the other method from the same start and order; describeSeparationFromBackprop reads its numbers", () => {
  const seps = separationsFromBackprop({ ...setup, epochs: 4, onRun: undefined }, float32BackpropMethod);
  assert.equal(seps.length, 2);
  setup.seeds.forEach((s, k) => {
    // Rebuilt here from the trainer's documented inputs: the seed fixes the weights and the sample order.
    const init = initForSeed(s, 3, 2);
    const options = { epochs: 4, lr: setup.lr, seed: s };
    const want = separation(
      train(backpropMethod, init, X, Xtest, options).history,
      train(float32BackpropMethod, init, X, Xtest, options).history,
    );
    assert.deepEqual(seps[k].relative, want.relative);
  });
  const sep = (visibleEpoch: number | null, maxRel: number) => ({ ...seps[0], visibleEpoch, maxRel });
  assert.equal(
    describeSeparationFromBackprop("Lib", 10, [sep(3, 0.75), sep(5, 0.2), sep(null, 1e-3)]),
    "At η = 10, over 4 epochs from the same weights in the same order, Lib parts visibly (1% of the error) from float64 " +
      "backprop in 2 of 3 seeds, by epoch 3–5, up to 75% of the error.",
  );
  assert.equal(
    describeSeparationFromBackprop("Lib", 0.1, [sep(null, 5e-7)]),
    "At η = 0.1, over 4 epochs from the same weights in the same order, Lib stays within 5.0 × 10⁻⁷ of the error of " +
      "float64 backprop.",
  );
});

test("scaledOnAllRows: every split of the same file gets the same unit, the range of all rows", async () => {
  const file = path.join(__dirname, "../data/iris.csv");
  const columns = ["sepal_length", "petal_length", "petal_width"];
  const [a, b] = await Promise.all(
    [0, 1].map((seed) => prepareDataset({ data: file, columns, test: { fraction: 0.2 }, seed })),
  );
  const sa = scaledOnAllRows(a, file);
  const sb = scaledOnAllRows(b, file);
  // Over train and test together each column spans exactly [0, 1], for both splits (Iris: 4.3–7.9 cm sepal length).
  for (const s of [sa, sb]) {
    for (let k = 0; k < 3; k++) {
      const col = [...s.train.data, ...s.test.data].filter((_, i) => i % 3 === k);
      assert.equal(Math.min(...col), 0);
      assert.equal(Math.max(...col), 1);
    }
  }
  expectClose(sa.train.data[0], (a.rawTrain.data[0] - 4.3) / (7.9 - 4.3), { rtol: 1e-12 });
});
