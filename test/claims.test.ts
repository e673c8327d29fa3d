import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { judgeObservations, pairedSeparations, describePaired, type PairedRuns } from "../src/experiment/claims";
import { type RunPair } from "../src/experiment/paired-runs";
import { OBSERVATIONS, VISIBLE_MARGIN, INITIAL_EPOCHS, countObservation } from "../src/experiment/observations";
import { separation } from "../src/experiment/separation";
import { oneStepDifference } from "../src/experiment/one-step";
import { meanOverOutputs } from "../src/experiment/loss-scaling";
import { expectClose } from "./helpers";
import { initForSeed } from "../src/experiment/runs";
import { prepareDataset } from "../src/data/dataset";
import { readParameters } from "../src/notebook/parameters";
import { backpropMethod } from "../src/train/backprop";
import { autogradMethod } from "../src/train/autograd";
import { type EpochRecord, type TrainResult, train } from "../src/train/trainer";
import { type Params } from "../src/model/params";
import { backpropSample } from "../src/model/backward";
import { nudged } from "../src/experiment/lr-sweep";
import { reorderedBackpropMethod } from "../src/experiment/summation-order";

const flat = (p: Params): number[] => [...p.W1.data, ...p.B1.data, ...p.W2.data, ...p.B2.data];
/** A history's errors only (the seconds differ between any two runs). */
const errors = (r: TrainResult): (number | null)[][] => r.history.map((h) => [h.trainError, h.testError]);

/**
 * The numbers a sentence states, in order: "7" → 7, "35.3%" → 0.353, "2.0 × 10⁻¹⁶" → 2e-16. Claims are tested
 * through these, so a rewording passes and a wrong number fails.
 */
function statedNumbers(text: string): number[] {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  // "6–79%" is a range of percentages.
  const ranges = text.replace(/(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?)%/g, "$1% $2%");
  return [...ranges.matchAll(/(\d+(?:\.\d+)?)(?: × 10(⁻?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+))?(%)?/g)].map(
    ([, base, minus, exp, percent]) => {
      const power = exp === undefined ? 0 : (minus ? -1 : 1) * Number([...exp].map((d) => digits.indexOf(d)).join(""));
      return (Number(base) * 10 ** power) / (percent ? 100 : 1);
    },
  );
}

/** `stated` equals `expected` number for number, each to the precision it is printed with (3 digits). */
function statesNumbers(stated: number[], expected: number[], what: string): void {
  assert.equal(stated.length, expected.length, `${what}: states ${stated.join(", ")}`);
  stated.forEach((v, i) => expectClose(v, expected[i], { rtol: 5e-3, atol: 0, what: `${what}, number ${i + 1}` }));
}

/*
 * The verdict logic on constructed histories: identical, different only by rounding, rounding amplified
 * (chaotic), and truly different. The method verdict must come from the construction, never from a
 * tolerance on the curves, so no constructed difference may turn it into "supported".
 */

const EPOCHS = 30;
const EARLY = 10;

/** A fabricated run: errors train(e), test(e). */
function run(method: string, train: (e: number) => number, test: (e: number) => number): TrainResult {
  const history: EpochRecord[] = Array.from({ length: EPOCHS + 1 }, (_, e) => ({
    epoch: e,
    trainError: train(e),
    testError: test(e),
    seconds: 0,
  }));
  return { method, params: initParams(3, 2, new Rng(1)), history };
}

const baseTrain = (k: number) => (e: number) => 0.3 / (1 + e) + 0.01 * (k + 1);
const baseTest = (k: number) => (e: number) => 0.3 / (1 + e) + 0.012 * (k + 1);

/** Pairs whose autograd run is backprop's errors times (1 + rel(e)). */
function pairs(rel: (e: number, k: number) => number, count = 4): RunPair[] {
  return Array.from({ length: count }, (_, k) => {
    const tr = baseTrain(k);
    const te = baseTest(k);
    return {
      reference: run("backprop", tr, te),
      variant: run(
        "autograd",
        (e) => tr(e) * (1 + rel(e, k)),
        (e) => te(e) * (1 - rel(e, k)),
      ),
    };
  });
}

/** Declared identical by construction, with a single-update check that agrees to rounding. */
const same = (p: RunPair[], oneStep = 2e-16): PairedRuns => ({ construction: "same gradient", pairs: p, oneStep });

test("identical histories: every comparative observation gets 'no method effect: identical by construction'", () => {
  const p = pairs(() => 0);
  assert.equal(separation(p[0].reference.history, p[0].variant.history).kind, "bitwise identical");
  const verdicts = judgeObservations(same(p), [], EARLY);
  assert.deepEqual(
    verdicts.map((v) => v.id),
    [1, 2, 3, 4, 5],
  );
  for (const v of verdicts) {
    assert.equal(v.verdict, "no method effect: identical by construction");
    assert.equal(v.paired.visible, 0);
  }
  // Four pairs; the later observations refer back to observation 1, then name the epochs they are checked at:
  // the early epoch, the last, or the first few (observation 4).
  statesNumbers(statedNumbers(describePaired(pairedSeparations(same(p)))), [4], "identical");
  const checkedAt = new Map([
    [2, [EARLY]],
    [3, [EPOCHS]],
    [4, [1, Math.min(INITIAL_EPOCHS, EARLY)]],
    [5, [EPOCHS]],
  ]);
  for (const v of verdicts.slice(1)) {
    statesNumbers(statedNumbers(v.evidence), [1, ...(checkedAt.get(v.id) ?? [])], `observation ${v.id}`);
  }
});

test("rounding-level differences: the same verdict, and the evidence calls them rounding", () => {
  // 3 ulps of relative difference, alternating in sign: what reordering a sum does.
  const p = pairs((e) => (e === 0 ? 0 : (e % 2 ? 3 : -3) * Number.EPSILON));
  const seps = pairedSeparations(same(p));
  assert.ok(seps.every((s) => s.kind === "rounding" && s.firstEpoch === 1));
  const verdicts = judgeObservations(same(p), [], EARLY);
  for (const v of verdicts) assert.equal(v.verdict, "no method effect: identical by construction");
  // Four pairs; a largest difference of a few ulps (3ε and its rounding), below 10⁻¹⁵.
  const [pairCount, largest] = statedNumbers(describePaired(seps));
  assert.equal(pairCount, 4);
  assert.ok(largest >= 3 * Number.EPSILON && largest < 1e-15, `${largest}`);
});

test("chaotic (amplified) differences: visible winners, yet no verdict says the method did it", () => {
  // Rounding at epoch 1 that grows tenfold every 2 epochs until it reaches 30% of the error.
  const p = pairs((e) => (e === 0 ? 0 : Math.min(0.3, 1e-15 * 10 ** ((e - 1) / 2))));
  const seps = pairedSeparations(same(p));
  for (const s of seps) {
    assert.equal(s.kind, "grown");
    assert.equal(s.firstEpoch, 1);
    assert.equal(s.visibleEpoch, 27); // 1e-15 · 10^13 = 0.01 at e − 1 = 26
    assert.ok(Math.abs(s.epochsPerDecade! - 2) < 0.05, `${s.epochsPerDecade}`);
  }
  const verdicts = judgeObservations(same(p), [], EARLY);
  // Autograd's training error ends 30% above backprop's: a plot would show observation 1 at the last epoch.
  assert.ok(verdicts.find((v) => v.id === 3)!.paired.visible > 0);
  for (const v of verdicts) {
    assert.equal(v.verdict, "no method effect: identical by construction");
    assert.doesNotMatch(v.verdict + v.evidence, /supported/i);
  }
  // 4 pairs, first apart at epoch 1, growing in 4 of 4, visible (1%) by epoch 27, up to the test error's
  // 0.3 / 0.85 (test errors × 1 and × 0.7, relative to their mean); one update apart by 2 × 10⁻¹⁶.
  statesNumbers(
    statedNumbers(describePaired(seps, 2e-16)),
    [4, 1, 4, 4, VISIBLE_MARGIN, 27, 0.3 / 0.85, 2e-16],
    "chaotic",
  );
});

test("truly different histories: refused when a single update disagrees, measured when declared different", () => {
  const p = pairs((e) => (e === 0 ? 0 : 0.2)); // autograd 20% higher training error, 20% lower test error
  const sep = separation(p[0].reference.history, p[0].variant.history);
  assert.equal(sep.kind, "grown");
  assert.equal(sep.firstEpoch, 1);
  // Different updates (one step apart by a fifth of the update): the construction is wrong, so no verdict.
  assert.throws(() => judgeObservations(same(p, 0.2), [], EARLY), /do not compute the same thing/);
  // Declared different: each observation is measured on the pairs.
  const verdicts = judgeObservations({ construction: "different", pairs: p }, [], EARLY);
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  assert.equal(byId.get(1)!.verdict, "can arise"); // backprop lower training error at epoch 10
  assert.equal(byId.get(1)!.paired.visible, 4);
  assert.equal(byId.get(2)!.verdict, "can arise"); // autograd lower test error
  assert.equal(byId.get(5)!.verdict, "not reproduced"); // autograd's gap is the larger one here
  for (const v of verdicts) assert.doesNotMatch(v.verdict, /supported/i);
  // Single updates that agree: the same histories can only be rounding amplified within the first epoch.
  const byConstruction = judgeObservations(same(p), [], EARLY);
  for (const v of byConstruction) assert.equal(v.verdict, "no method effect: identical by construction");
  // The same numbers as any amplified case: 4 pairs from epoch 1, 4 of 4 grow, visible at once (epoch 1), up to
  // the test error's 0.2 / 0.9 (× 1 and × 0.8, relative to their mean).
  const seps = pairedSeparations(same(p));
  statesNumbers(statedNumbers(describePaired(seps, 2e-16)), [4, 1, 4, 4, VISIBLE_MARGIN, 1, 0.2 / 0.9, 2e-16], "grown");
});

test("oneStepDifference: zero for backprop against autograd, rounding for another order, the full size for another update", async () => {
  const ds = await irisAt(0, 0.2, ["sepal_length", "petal_length", "petal_width"]);
  const rng = new Rng(3);
  for (let k = 0; k < 5; k++) {
    const p = initParams(3, 2, rng);
    p.B1.data.set([rng.range(-1, 1), rng.range(-1, 1)]); // non-zero biases: the two add them in another order
    p.B2.data.set([rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)]);
    // Same operations in the same order, bias included: bitwise the same update (core's engine adds the bias last too).
    assert.equal(oneStepDifference(backpropMethod, autogradMethod, p, ds.train), 0);
    const d = oneStepDifference(backpropMethod, reorderedBackpropMethod, p, ds.train);
    assert.ok(d > 0 && d <= 1e-14, `backprop vs another summation order: ${d}`);
    // Averaged over 3 outputs the update is a third of the size: the two differ by 2/3 of the larger update.
    expectClose(oneStepDifference(backpropMethod, meanOverOutputs(backpropMethod), p, ds.train), 2 / 3, {
      rtol: 1e-12,
    });
  }
});

test("a mechanism's finding counts only pairs in which the observation holds by the visible margin", () => {
  // Hand-computed margins for observation 1 (training error at epoch EARLY): autograd higher by 5%, by 0.5%, lower by 5%.
  const factors = [1.05, 1.005, 0.95];
  const mech = pairs((e, k) => (e === 0 ? 0 : factors[k] - 1), 3);
  const c = countObservation(OBSERVATIONS[0], mech, { early: EARLY, last: EPOCHS });
  assert.equal(c.pairs, 3);
  assert.equal(c.visible, 1);
  assert.equal(c.invisible, 1);
  // margin = (a − b) / mean(a, b) with a = 1.005 b: 0.005 / 1.0025
  assert.ok(Math.abs(c.medianMargin - 0.005 / 1.0025) < 1e-12);
  const verdicts = judgeObservations(same(pairs(() => 0)), [{ name: "m", differs: "x", pairs: mech }], EARLY);
  const f = verdicts[0].findings[0];
  // 1 of 3: the Wilson interval 6–79% contains one half, so the count cannot tell this mechanism from a coin.
  assert.equal(f.verdict, "undecided");
  expectClose([f.interval.low, f.interval.high], [0.0615, 0.7923], { rtol: 2e-3 });
  // 4 identical pairs; checked at epoch 10; m holds in 1 of 3 pairs, Wilson interval 6–79% as printed.
  statesNumbers(statedNumbers(verdicts[0].evidence), [4, EARLY, 1, 3, 0.06, 0.79], "finding");
  assert.ok(VISIBLE_MARGIN > 0.005 && VISIBLE_MARGIN < 0.05);
});

/** The settings notebook 04 reads: the shared sections and its own, from the one parameters file. */
function notebookSettings() {
  const p = readParameters(path.join(__dirname, "../notebooks/parameters.json"));
  return { ...p.data, ...p.network, ...p.training, ...p.comparison };
}

function irisAt(seed: number, fraction: number, columns: string[]) {
  return prepareDataset({
    data: path.join(__dirname, "../data/iris.csv"),
    columns,
    test: { fraction },
    seed,
  });
}

test("at the notebook's settings, paired backprop and autograd are bitwise identical over the whole run", async () => {
  const s = notebookSettings();
  const { lr, seed, batchSize, hidden, columns } = s;
  const epochs = s.manyEpochs;
  const ds = await irisAt(seed, s.testFraction, columns);
  const init = initForSeed(seed, ds.train.cols, hidden);
  const options = { epochs, lr, batchSize, seed };
  const bp = train(backpropMethod, init, ds.train, ds.test, options);
  const ag = train(autogradMethod, init, ds.train, ds.test, options);
  assert.deepEqual(errors(ag), errors(bp));
  assert.equal(separation(bp.history, ag.history).kind, "bitwise identical");
  const oneStep = oneStepDifference(backpropMethod, autogradMethod, init, ds.train);
  assert.equal(oneStep, 0);
  const [v] = judgeObservations(same([{ reference: bp, variant: ag }], oneStep), [], s.fewEpochs);
  assert.equal(v.verdict, "no method effect: identical by construction");
});

for (const { lr, epochs, batchSize } of [
  { lr: 10, epochs: 80, batchSize: 1 },
  { lr: 30, epochs: 20, batchSize: 1 },
  { lr: 30, epochs: 80, batchSize: 16 },
]) {
  test(`at η = ${lr}, batch ${batchSize}: paired runs are bitwise identical, a 1e-12 nudge grows visibly, no verdict reads 'supported'`, async () => {
    const ds = await irisAt(0, 0.2, ["sepal_length", "petal_length", "petal_width"]);
    const runs: RunPair[] = [];
    const controls: RunPair[] = [];
    for (const seed of [0, 1]) {
      const init = initForSeed(seed, ds.train.cols, 2);
      const options = { epochs, lr, batchSize, seed };
      const bp = train(backpropMethod, init, ds.train, ds.test, options);
      const ag = train(autogradMethod, init, ds.train, ds.test, options);
      // The same operations in the same order: identical to the last bit at every epoch, however large η is.
      assert.deepEqual(errors(ag), errors(bp), `seed ${seed}`);
      assert.deepEqual(flat(ag.params), flat(bp.params));
      runs.push({ reference: bp, variant: ag });
      controls.push({ reference: bp, variant: train(backpropMethod, nudged(init), ds.train, ds.test, options) });
    }
    const oneStep = oneStepDifference(backpropMethod, autogradMethod, initForSeed(0, ds.train.cols, 2), ds.train);
    assert.equal(oneStep, 0);
    const seps = pairedSeparations(same(runs, oneStep));
    assert.ok(seps.every((s) => s.kind === "bitwise identical"));
    // The regime is still chaotic: a relative 1e-12 in one initial weight grows to a visible difference.
    const nudges = controls.map((p) => separation(p.reference.history, p.variant.history));
    assert.ok(
      nudges.every((s) => s.kind === "grown" && s.maxRel >= VISIBLE_MARGIN),
      JSON.stringify(nudges.map((s) => s.maxRel)),
    );
    assert.ok(nudges.every((s) => s.onsetRel < 1e-9)); // it started invisible
    const nudge = { name: "nudge", differs: "one weight", pairs: controls };
    for (const v of judgeObservations(same(runs, oneStep), [nudge], Math.min(20, epochs))) {
      assert.equal(v.verdict, "no method effect: identical by construction");
      assert.doesNotMatch(v.verdict + v.evidence, /supported/i);
      if (v.id === 1) statesNumbers(statedNumbers(describePaired(seps)), [2], "two identical pairs");
    }
  });
}

test("another summation order is a correct implementation, yet at η = 10 it parts visibly from backprop", async () => {
  const ds = await irisAt(0, 0.2, ["sepal_length", "petal_length", "petal_width"]);
  const rng = new Rng(11);
  let differing = 0;
  for (let k = 0; k < 20; k++) {
    const p = initParams(3, 2, rng);
    p.B1.data.set([rng.range(-1, 1), rng.range(-1, 1)]);
    p.B2.data.set([rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)]);
    // Its update against the derivation's gradient (backpropSample), worked sample by sample: W − η ∂E/∂W.
    const x = ds.train.data.subarray(3 * k, 3 * k + 3);
    const g = backpropSample(p, Array.from(x));
    const want = [p.W1, p.B1, p.W2, p.B2].flatMap((m, i) =>
      Array.from(m.data, (w, j) => w - 0.5 * [g.dE_dW1, g.dE_dB1, g.dE_dW2, g.dE_dB2][i].data[j]),
    );
    const s = reorderedBackpropMethod.start(p, ds.train);
    s.step(new Uint32Array([k]), 0, 1, 0.5);
    const got = flat(s.params());
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 1e-15 * Math.max(1, Math.abs(w)), `${k}/${i}`));
    if (got.some((w, i) => w !== want[i])) differing++;
  }
  assert.ok(differing > 0, "the other order rounds differently somewhere");
  const parts = [0, 1].map((seed) => {
    const init = initForSeed(seed, ds.train.cols, 2);
    const slow = { epochs: 80, lr: 0.1, batchSize: 1, seed };
    const fast = { ...slow, lr: 10 };
    return {
      calm: separation(
        train(backpropMethod, init, ds.train, ds.test, slow).history,
        train(reorderedBackpropMethod, init, ds.train, ds.test, slow).history,
      ),
      chaotic: separation(
        train(backpropMethod, init, ds.train, ds.test, fast).history,
        train(reorderedBackpropMethod, init, ds.train, ds.test, fast).history,
      ),
    };
  });
  for (const { calm, chaotic } of parts) {
    assert.ok(calm.maxRel < 1e-12, `η = 0.1: ${calm.maxRel}`);
    assert.ok(chaotic.maxRel >= VISIBLE_MARGIN, `η = 10: ${chaotic.maxRel}`);
  }
});

test("notebook 04 names its assignment question for the report", () => {
  const nb = JSON.parse(readFileSync(path.join(__dirname, "../notebooks/04_comparison.ipynb"), "utf8")) as {
    metadata: { backprop_lab?: { question?: string; title?: string } };
  };
  const meta = nb.metadata.backprop_lab;
  assert.equal(meta?.question, "Question 4");
  assert.ok(meta?.title && meta.title.length > 10);
});

test("a one-directional mechanism is 'reliably' only when its interval lies above one half; an exchangeable one is a coin flip at any count", () => {
  const up = pairs((e) => (e === 0 ? 0 : 0.05), 8); // autograd 5% higher training error in all 8 pairs
  const down = pairs((e) => (e === 0 ? 0 : -0.05), 8);
  const verdicts = judgeObservations(
    same(pairs(() => 0)),
    [
      { name: "slower", differs: "x", pairs: up },
      { name: "faster", differs: "x", pairs: down },
      { name: "seeds", differs: "x", pairs: up, exchangeable: true },
    ],
    EARLY,
  );
  const [slower, faster, seeds] = verdicts[0].findings;
  assert.equal(slower.verdict, "reliably"); // 8 of 8: Wilson 68–100%
  assert.equal(faster.verdict, "not produced"); // 0 of 8: 0–32%
  assert.equal(seeds.verdict, "coin flip"); // the same 8 of 8, but the runs' labels are arbitrary
  assert.equal(seeds.count.opposite, 0);
  assert.equal(faster.count.opposite, 8); // swapped, the observation holds in every pair
  assert.doesNotMatch(verdicts[0].evidence, /seeds \(8 of 8/); // a coin flip is never listed by its count
});

test("null model: on constructed exchangeable pairs an observation holds in about half of them, and so does its opposite", () => {
  // 400 pairs of runs whose errors are drawn alike (independent ±20% noise around one curve): exchangeable.
  const rng = new Rng(17);
  const noisy = (): TrainResult =>
    run(
      "r",
      (e) => baseTrain(0)(e) * (1 + 0.2 * (rng.uniform() - 0.5)),
      (e) => baseTest(0)(e) * (1 + 0.2 * (rng.uniform() - 0.5)),
    );
  const ex: RunPair[] = Array.from({ length: 400 }, () => ({ reference: noisy(), variant: noisy() }));
  for (const obs of OBSERVATIONS) {
    const c = countObservation(obs, ex, { early: EARLY, last: EPOCHS });
    const holds = c.visible / c.pairs;
    const opposite = c.opposite / c.pairs;
    // By symmetry both have the same chance, at most ½; with 400 pairs each sits within ±0.08 of the other.
    assert.ok(Math.abs(holds - opposite) < 0.1, `observation ${obs.id}: ${holds} vs ${opposite}`);
    assert.ok(holds + opposite <= 1, `observation ${obs.id}`);
    if (obs.id <= 3) assert.ok(Math.abs(holds - 0.5) < 0.08, `observation ${obs.id}: ${holds}`); // noise ≫ margin
  }
});
