import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, zeros } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import { formatShortest } from "../src/format/number";
import { mechanismEffectBars } from "../src/plot/mechanism-effects";
import { separationCurves } from "../src/plot/separation-growth";
import { splitGapBars } from "../src/plot/split-gaps";
import { describeSweep, learningRateSweep, sweepTableRows } from "../src/experiment/lr-sweep";
import { describeSplits, splitVariance } from "../src/experiment/split-variance";
import { type EffectAt } from "../src/experiment/mechanism";
import { VISIBLE_MARGIN } from "../src/experiment/observations";
import { discussion, discussionFacts, type DiscussionInputs } from "../src/experiment/discussion";
import { effectRatios, formatRatio } from "../src/experiment/effect-ratios";
import { reseedMechanism } from "../src/experiment/reseeding";
import { lossScalingMechanism } from "../src/experiment/loss-scaling";
import { judgeObservations } from "../src/experiment/claims";
import { initialError } from "../src/experiment/initial-error";
import { initForSeed } from "../src/experiment/runs";
import { type Separation } from "../src/experiment/separation";

function randomRows(seed: number, rows: number): Matrix {
  const rng = new Rng(seed);
  const X = zeros(rows, 3);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

const size = (epoch: number, medianRel: number): EffectAt => ({
  epoch,
  medianAbs: medianRel / 10,
  medianRel,
  medianAbsTest: null,
  medianRelTest: null,
});

test("formatShortest writes a parameter with the digits it was given", () => {
  assert.equal(formatShortest(0.1), "0.1");
  assert.equal(formatShortest(10), "10");
  assert.equal(formatShortest(0.25), "0.25");
  assert.equal(formatShortest(1e-12), "1 × 10⁻¹²");
  assert.equal(formatShortest(1 / 3), "0.333333");
});

test("mechanismEffectBars: one bar trace per epoch on a log axis, exact zeros left out, the visible line", () => {
  const fig = mechanismEffectBars(
    [
      { name: "paired", sizes: [size(1, 0), size(20, 3e-16)] },
      { name: "seeds", sizes: [size(1, 0.05), size(20, 0.1)] },
    ],
    { title: "t" },
  );
  assert.equal(fig.layout.yaxis.type, "log");
  assert.deepEqual(fig.data[0].y, [null, 0.05]);
  assert.deepEqual(fig.data[1].y, [3e-16, 0.1]);
  assert.deepEqual(fig.data[2].y, [VISIBLE_MARGIN, VISIBLE_MARGIN]);
  assert.throws(
    () =>
      mechanismEffectBars(
        [
          { name: "a", sizes: [size(1, 1)] },
          { name: "b", sizes: [size(2, 1)] },
        ],
        { title: "t" },
      ),
    /no effect size at epoch 1/,
  );
});

test("separationCurves and splitGapBars draw what the experiments measured", () => {
  const X = randomRows(1, 16);
  const rows = learningRateSweep({ trainX: X, testX: randomRows(2, 5), hidden: 2, epochs: 5, seeds: [0] }, [0.1, 1]);
  const fig = separationCurves(rows, { title: "s" });
  // Paired runs bitwise identical: one line per rate for the summation-order control, and the visible line.
  assert.ok(rows.every((r) => r.paired.every((p) => p.kind === "bitwise identical")));
  assert.equal(fig.data.length, 3);
  assert.equal(fig.data[0].name, "η = 0.1");
  const order = rows[0].controls.find((c) => c.name === "summation order")!;
  order.seps[0].relative.forEach((v, e) => assert.equal(fig.data[0].y[e], v > 0 ? v : null));
  assert.match(JSON.stringify(fig.layout), /bitwise identical at every rate/);
  // Had the paired runs differed, they would be drawn too (dashed), and the subtitle would not say identical.
  const differing = rows.map((r) => ({ ...r, paired: [{ ...r.paired[0], firstEpoch: 1, relative: [0, 1e-15] }] }));
  const fig2 = separationCurves(differing, { title: "s" });
  assert.equal(fig2.data.length, 5);
  assert.equal(fig2.data[1].line?.dash, "dash");
  assert.doesNotMatch(JSON.stringify(fig2.layout), /bitwise identical at every rate/);
  const sv = splitVariance({ hidden: 2, epochs: 5, lr: 0.5, seeds: [0] }, [0, 1, 2], (s) => ({
    train: randomRows(10 + s, 12),
    test: randomRows(20 + s, 4),
  }));
  const bars = splitGapBars(sv, { title: "g" });
  assert.deepEqual(
    bars.data[0].y,
    sv.runs.map((r) => r.finalGap),
  );
  assert.deepEqual(
    bars.data[0].text,
    sv.runs.map((r) => `${r.crossings}×`),
  );
});

test("the discussion's facts follow the verdicts and the exponents, and its text states those numbers", () => {
  const X = randomRows(3, 20);
  const T = randomRows(4, 6);
  const setup = { trainX: X, testX: T, hidden: 2, epochs: 10, lr: 0.5, seeds: [0, 1, 2, 3] };
  const byInit = reseedMechanism(setup, "both");
  const byLoss = lossScalingMechanism(
    setup,
    byInit.pairs.map((p) => p.reference),
  );
  const paired = byLoss.pairs.map((p) => ({ reference: p.reference, variant: p.reference })); // identical by construction
  const verdicts = judgeObservations({ construction: "same gradient", pairs: paired, oneStep: 0 }, [byInit, byLoss], 5);
  const identical: Separation = {
    firstEpoch: null,
    onsetRel: 0,
    maxRel: 0,
    maxRelEpoch: 0,
    visibleEpoch: null,
    epochsPerDecade: null,
    kind: "bitwise identical",
    relative: [],
  };
  const lya = (lr: number, exponent: number, diverged = false) => ({
    lr,
    seed: 0,
    exponent,
    startError: 0.3,
    endError: diverged ? 0.5 : 0.01,
    diverged,
  });
  const inputs: DiscussionInputs = {
    lr: 0.5,
    early: 5,
    last: 10,
    paired: paired.map(() => identical),
    oneStep: 0,
    verdicts,
    independent: effectRatios(byInit, [5, 10]),
    lossSgd: effectRatios(byLoss, [5])[0].train,
    lossAdam: { epoch: 5, medianAbs: 1e-9, medianRel: 3e-7, medianAbsTest: null, medianRelTest: null },
    adamLr: 0.01,
    lyapunov: [lya(0.1, 0.001), lya(0.1, -0.002), lya(10, 0.6), lya(10, 0.01), lya(30, 5, true), lya(30, 0.1)],
    initial: initialError(
      X,
      [0, 1].map((s) => initForSeed(s, 3, 2)),
      [0.01],
    ),
  };
  const facts = discussionFacts(inputs);
  // Reliable mechanisms are exactly the findings whose verdict is "reliably"; the exchangeable one never appears.
  for (const v of verdicts) {
    const listed = facts.reliable.filter((r) => r.observations.some((o) => o.id === v.id)).map((r) => r.mechanism);
    assert.deepEqual(
      listed,
      v.findings.filter((f) => f.verdict === "reliably").map((f) => f.mechanism),
    );
    assert.equal(facts.unexplained.includes(v.id), listed.length === 0);
  }
  assert.ok(facts.reliable.every((r) => r.mechanism !== byInit.name));
  // The exponents: η = 10 has one chaotic run of two (0.6 > 0.05, 0.01 not); η = 30 has one diverged run kept apart.
  assert.deepEqual(
    facts.chaos.map((c) => [c.lr, c.learnt, c.diverged, c.chaotic]),
    [
      [0.1, 2, 0, 0],
      [10, 2, 0, 1],
      [30, 1, 1, 1],
    ],
  );
  assert.deepEqual(facts.chaos[0].range, [-0.002, 0.001]);
  const text = discussion(inputs).join(" ");
  // The text states the flip size it was given and the counts of the diverged runs.
  assert.ok(text.includes(formatRatio(inputs.independent[0].train, false)), "flip size at epoch 5");
  assert.ok(text.includes(formatRatio(inputs.lossSgd, false)), "loss averaging as a ratio");
  assert.ok(text.includes("η = 30, 1 of 2 runs end above their starting error"), text);
});

/** A separation summary with the given kind and numbers (relative: per-epoch |Δ|/error). */
function sep(kind: Separation["kind"], relative: number[], extra: Partial<Separation> = {}): Separation {
  return {
    firstEpoch: kind === "bitwise identical" ? null : 1,
    onsetRel: 0,
    maxRel: Math.max(...relative),
    maxRelEpoch: 0,
    visibleEpoch: null,
    epochsPerDecade: null,
    kind,
    relative,
    ...extra,
  };
}

const control = (name: string, seps: Separation[], late: number) => ({
  name,
  differs: `${name} phrase`,
  seps,
  pairs: [],
  late,
});

test("describeSweep: identical paired runs, calm controls and a chaotic rate, each sentence from its numbers", () => {
  const identical = sep("bitwise identical", [0, 0, 0]);
  const calm = {
    lr: 0.1,
    paired: [identical],
    controls: [
      control("one weight nudged", [sep("rounding", [0, 1e-12])], 1e-13),
      control("summation order", [sep("rounding", [0, 2e-15])], 1e-15),
    ],
    finalTrain: { mean: 0.01, sd: 0.001 },
    pairs: [],
    lateRel: { paired: 0, seeds: 0.05 },
  };
  const wild = {
    lr: 10,
    paired: [identical, identical],
    controls: [
      control(
        "one weight nudged",
        [sep("grown", [0, 1e-12, 0.2], { visibleEpoch: 4 }), sep("rounding", [0, 1e-12, 1e-12])],
        0.1,
      ),
      control(
        "summation order",
        [
          sep("grown", [0, 1e-14, 0.3], { visibleEpoch: 2, epochsPerDecade: 0.5 }),
          sep("grown", [0, 1e-14, 0.5], { visibleEpoch: 3, epochsPerDecade: 0.5 }),
        ],
        0.3,
      ),
    ],
    finalTrain: { mean: 0.05, sd: 0.02 },
    pairs: [],
    lateRel: { paired: 0, seeds: 0.4 },
  };
  const text = describeSweep([calm, wild]);
  assert.match(
    text,
    /At every rate in the sweep \(η = 0\.1, 10\) and for every seed, paired backprop and autograd produce bitwise identical/,
  );
  assert.match(
    text,
    /At η = 0\.1 the controls \(one weight nudged, summation order\) stay within 1\.0 × 10⁻¹² of the error/,
  );
  assert.match(text, /one weight nudged phrase grows to a visible 1% of the error in 1 of 2 seeds, by epoch 4;/);
  assert.match(
    text,
    /summation order phrase grows to a visible 1% of the error in 2 of 2 seeds, by epoch 2–3 \(tenfold every 0\.50 epochs\)/,
  );
  assert.match(
    text,
    /a median 30\.0% of the error away, as large as between runs of different seeds at this rate \(40\.0%\)/,
  );
  assert.match(text, /stay identical here only because they round identically/);
  assert.match(text, /decided by rounding, not by the method/);
  // A late difference far below the seed spread must not be called "as large as a change of seed".
  const small = describeSweep([{ ...wild, lateRel: { paired: 0, seeds: 4 } }]);
  assert.doesNotMatch(small, /as large as/);
  assert.match(small, /against 400\.0% between runs of different seeds/);
  assert.match(small, /decided by rounding, not by the method\./);
  // Paired runs that did separate are described as such, never as identical.
  const parted = describeSweep([
    calm,
    { ...wild, paired: [sep("grown", [0, 1e-14, 0.3], { visibleEpoch: 5 })], lateRel: { paired: 0.2, seeds: 0.4 } },
  ]);
  assert.doesNotMatch(parted, /At every rate|stay identical here/);
  assert.match(
    parted,
    /At η = 10 paired backprop and autograd part visibly in 1 of 1 seeds, from epoch 5, a median 20\.0%/,
  );
  // Float32 rounding drifts past 1e-6 of the error at any rate; short of visible, that is not the chaotic regime.
  const drifting = {
    ...calm,
    controls: [...calm.controls, control("float32", [sep("grown", [0, 1e-7, 4e-6])], 1e-6)],
  };
  const calmText = describeSweep([drifting]);
  assert.doesNotMatch(calmText, /amplifies/);
  assert.match(calmText, /stay within 4\.0 × 10⁻⁶ of the error/);
  const rows = sweepTableRows([calm, wild]);
  assert.equal(rows[1]["backprop vs autograd"], "bitwise identical (2 of 2)");
  assert.equal(rows[1]["summation order"], "visible from epoch 2–3 in 2 of 2 (up to 50%)");
  assert.equal(rows[0]["one weight nudged"], "never visible (up to 1.0 × 10⁻¹²)");
});

test("describeSplits counts both sides and names the split that crosses most", () => {
  const run = (finalGap: number, crossings: number, crossingEpochs: [number, number] | null, splitSeed: number) => ({
    splitSeed,
    run: { method: "backprop", params: initForSeed(0, 3, 2), history: [] },
    finalGap,
    crossings,
    crossingEpochs,
  });
  const v = {
    runs: [run(0.001, 2, [10, 40], 0), run(-0.002, 5, [3, 90], 1), run(0.003, 0, null, 2)],
    testBelowTrain: 1,
    withCrossings: 2,
    mechanism: { name: "split", differs: "split", pairs: [] },
  };
  const text = describeSplits(v);
  assert.match(text, /ends below the training error in 1 and above it in 2/);
  assert.match(text, /mean 6\.7 × 10⁻⁴/);
  assert.match(text, /cross after epoch 0 in 2 of the 3, most often with split 1: 5 times between epochs 3 and 90/);
  assert.match(text, /property of the split/);
  assert.doesNotMatch(
    describeSplits({ ...v, testBelowTrain: 0, runs: v.runs.map((r) => ({ ...r, finalGap: 1 })) }),
    /property of the split/,
  );
});
