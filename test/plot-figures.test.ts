import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { bands, seedSpread } from "../src/plot/bands";
import { errorCurves } from "../src/plot/curves";
import { differenceCurves, historyDifference } from "../src/plot/difference";
import { type Trace } from "../src/plot/figure";
import { reconstructionScatter } from "../src/plot/reconstruction";
import { assignStyles } from "../src/plot/style";
import { quantile, timingBars, timingSummary } from "../src/plot/timing";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { type EpochRecord, type TrainResult } from "../src/train/trainer";
import { expectClose } from "./helpers";

/** A history from hand-written errors: epoch i has train[i], test[i] and i·10 ms of training. */
function history(train: number[], test: (number | null)[] = train.map(() => null)): EpochRecord[] {
  return train.map((t, epoch) => ({ epoch, trainError: t, testError: test[epoch], seconds: epoch * 0.01 }));
}

function trace(traces: Trace[], name: string): Trace {
  const t = traces.find((x) => x.name === name);
  if (!t) assert.fail(`no trace "${name}" among ${traces.map((x) => `"${x.name}"`).join(", ")}`);
  return t;
}

test("errorCurves: per run a solid train and a dashed test curve, methods in different colours and markers", () => {
  const bp: TrainResult = {
    method: "backprop",
    params: initParams(3, 2, new Rng(1)),
    history: history([0.4, 0.2, 0.1], [0.5, 0.3, 0.2]),
  };
  const ag = { label: "autograd", history: history([0.4, 0.21, 0.11], [0.5, 0.31, 0.21]) };
  const fig = errorCurves([bp, ag], { title: "Errors" });
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ["backprop train", "backprop test", "autograd train", "autograd test"],
  );
  const [bpTrain, bpTest, agTrain, agTest] = fig.data;
  assert.equal(bpTrain.line?.dash, "solid");
  assert.equal(bpTest.line?.dash, "dash");
  assert.equal(agTest.line?.dash, "dash");
  assert.notEqual(bpTrain.line?.color, agTrain.line?.color, "methods differ in colour");
  assert.notEqual(bpTrain.marker?.symbol, agTrain.marker?.symbol, "methods differ in marker (greyscale print)");
  assert.notEqual(bpTrain.marker?.symbol, bpTest.marker?.symbol, "train and test differ in marker fill");
  assert.deepEqual(bpTest.y, [0.5, 0.3, 0.2]);
  assert.deepEqual(agTrain.x, [0, 1, 2]);
  assert.ok(
    (bpTrain.line?.width ?? 0) > (agTrain.line?.width ?? 0),
    "the later curve is narrower, so two coinciding curves both stay visible",
  );
  assert.equal(fig.layout.yaxis.type, "log", "log error axis by default");
  assert.equal(errorCurves([ag], { title: "t", logY: false }).layout.yaxis.type, "linear");
  assert.match(fig.layout.yaxis.title.text, /error/);
  assert.match(fig.layout.xaxis.title.text, /epoch/);
});

test("errorCurves: no test set means no test curve; missing and unplottable values become gaps", () => {
  const fig = errorCurves([{ label: "backprop", history: history([0.4, NaN, 0, 0.1]) }], { title: "t" });
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ["backprop train"],
  );
  assert.deepEqual(fig.data[0].y, [0.4, null, null, 0.1], "NaN, and 0 on a log axis, are gaps");
  const linear = errorCurves([{ label: "x", history: history([0.4, 0, 0.1], [0.5, null, 0.2]) }], {
    title: "t",
    logY: false,
  });
  assert.deepEqual(linear.data[0].y, [0.4, 0, 0.1], "0 is drawn on a linear axis");
  assert.deepEqual(linear.data[1].y, [0.5, null, 0.2], "a missing test error is a gap");
});

test("errorCurves: epochsRange keeps the epochs from..to; bad input is named", () => {
  const run = { label: "backprop", history: history([0.5, 0.4, 0.3, 0.2, 0.1]) };
  assert.deepEqual(errorCurves([run], { title: "t", epochsRange: [2, 3] }).data[0].x, [2, 3]);
  assert.throws(() => errorCurves([], { title: "Empty" }), /errorCurves "Empty": no runs/);
  assert.throws(
    () => errorCurves([run], { title: "t", epochsRange: [10, 20] }),
    /run "backprop": no epoch in \[10, 20\] \(the history covers 0\.\.4\)/,
  );
  assert.throws(() => errorCurves([run], { title: "t", epochsRange: [3, 1] }), /from must be ≤ to/);
});

test("assignStyles: known methods keep their style in any order; every label gets its own", () => {
  const a = assignStyles(["backprop", "autograd", "tfjs"]);
  const b = assignStyles(["tfjs", "autograd", "backprop"]);
  assert.deepEqual(b, [a[2], a[1], a[0]]);
  const many = assignStyles(["backprop seed 1", "backprop seed 2", "x", "y", "z", "autograd", "w"]);
  assert.equal(new Set(many.map((s) => s.color)).size, 7, "seven labels, seven colours");
  assert.equal(new Set(many.map((s) => s.symbol)).size, 7, "seven labels, seven markers");
  assert.deepEqual(many[0], a[0], "the first backprop label gets backprop's style");
  assert.deepEqual(many[5], a[1], "autograd's style was kept free for it");
});

test("seedSpread and bands: mean, lowest and highest seed per epoch, by hand", () => {
  // Three seeds, train errors at epochs 0 and 1: (0.3, 0.1, 0.2) and (0.6, 0.2, 0.4).
  const h = [history([0.3, 0.6], [0.5, 0.5]), history([0.1, 0.2], [0.5, 0.7]), history([0.2, 0.4], [0.5, 0.6])];
  const s = seedSpread(h, "trainError", "minmax", "t");
  assert.ok(s);
  assert.deepEqual(s.epochs, [0, 1]);
  expectClose(s.mean, [0.2, 0.4], { rtol: 1e-12, what: "mean" });
  assert.deepEqual(s.lower, [0.1, 0.2]);
  assert.deepEqual(s.upper, [0.3, 0.6]);

  const fig = bands([{ label: "backprop", histories: h }], { title: "Seeds" });
  const band = trace(fig.data, "backprop train min–max");
  assert.deepEqual(band.x, [0, 1, 1, 0], "the band's outline goes out along the top and back along the bottom");
  assert.deepEqual(band.y, [0.3, 0.6, 0.2, 0.1]);
  assert.equal(band.fill, "toself");
  const trainMean = fig.data.filter((t) => t.name === "backprop (mean of 3)");
  assert.equal(trainMean.length, 2, "one mean line per panel");
  assert.deepEqual(
    trainMean.map((t) => [t.line?.dash, t.xaxis ?? "x", t.showlegend]),
    [
      ["solid", "x", true],
      ["dash", "x2", false],
    ],
  );
  assert.equal(fig.layout.yaxis2?.matches, "y", "train and test panels share the error scale");
  assert.match(fig.layout.title.subtitle?.text ?? "", /3 seeds.*lowest to highest/);
});

test("bands with spread sd: mean ± sample standard deviation; a log axis refuses a band reaching 0", () => {
  // Two seeds with train errors 1 and 3: mean 2, sample sd √2.
  const h = [history([1]), history([3])];
  const s = seedSpread(h, "trainError", "sd", "t");
  assert.ok(s);
  expectClose([s.lower[0], s.upper[0]], [2 - Math.SQRT2, 2 + Math.SQRT2], { rtol: 1e-12, what: "mean ± sd" });
  const wide = [history([0.1, 0.1]), history([0.1, 3])]; // epoch 1: mean 1.55, sd ≈ 2.05 → lower < 0
  assert.throws(() => bands([{ label: "m", histories: wide }], { title: "T", spread: "sd" }), /epoch 1 .* log axis/);
  assert.doesNotThrow(() => bands([{ label: "m", histories: wide }], { title: "T", spread: "sd", logY: false }));
  assert.throws(
    () =>
      bands(
        [{ label: "m", histories: [history([1, 2]), [{ epoch: 5, trainError: 1, testError: null, seconds: 0 }]] }],
        { title: "T" },
      ),
    /run 1 has epoch 5 where run 0 has 0/,
  );
});

test("historyDifference and differenceCurves: |A − B| by hand; exact zeros are counted, not drawn", () => {
  const a = { label: "backprop", history: history([0.5, 0.25, 0.125], [0.5, 0.5, 0.5]) };
  const b = { label: "autograd", history: history([0.5, 0.125, 0.125], [0.5, 0.5, 0.25]) };
  const d = historyDifference(a.history, b.history);
  assert.deepEqual(d.train, [0, 0.125, 0]);
  assert.deepEqual(d.test, [0, 0, 0.25]);
  assert.deepEqual(d.maxTrain, { epoch: 1, value: 0.125 });
  assert.deepEqual(d.maxTest, { epoch: 2, value: 0.25 });
  expectClose(d.roundingTrain, [0.5 * 2 ** -52, 0.25 * 2 ** -52, 0.125 * 2 ** -52], { rtol: 0 });

  const fig = differenceCurves(a, b);
  assert.equal(fig.layout.yaxis.type, "log");
  assert.deepEqual(trace(fig.data, "train |A − B|").y, [null, 0.125, null]);
  assert.deepEqual(trace(fig.data, "test |A − B|").y, [null, null, 0.25]);
  // Lines, not a cloud of markers; train and test tell apart by dash, in greyscale too.
  const [train, test] = [trace(fig.data, "train |A − B|"), trace(fig.data, "test |A − B|")];
  assert.deepEqual([train.mode, test.mode], ["lines", "lines"]);
  assert.deepEqual([train.line?.dash, test.line?.dash], ["solid", "dash"]);
  const subtitle = fig.layout.title.subtitle?.text ?? "";
  assert.match(subtitle, /4 of 6 values exactly 0/);
  assert.match(subtitle, /max train 0\.13 \(epoch 1\), test 0\.25 \(epoch 2\)/);
  assert.throws(
    () => historyDifference(history([1]), [{ epoch: 7, trainError: 1, testError: null, seconds: 0 }]),
    /no epoch in common/,
  );
});

test("quantile and timingBars: median and quartiles in ms, epoch 0 left out", () => {
  // R: quantile(c(1, 2, 3, 4), c(0.25, 0.5, 0.75)) = 1.75 2.50 3.25
  expectClose(
    [0.25, 0.5, 0.75].map((q) => quantile([4, 1, 3, 2], q)),
    [1.75, 2.5, 3.25],
    { rtol: 1e-15 },
  );
  // Epochs 1..4 took 10, 20, 30, 40 ms; epoch 0 (0 ms) trains nothing and must not count.
  const run = { label: "backprop", history: history([5, 4, 3, 2, 1]) };
  const s = timingSummary(run);
  expectClose([s.q25Ms, s.medianMs, s.q75Ms], [17.5, 25, 32.5], { rtol: 1e-12, what: "ms" });
  assert.equal(s.epochs, 4);
  const fig = timingBars([run, { label: "tfjs", seconds: [0.1, 0.3] }]);
  const bars = fig.data[0];
  assert.equal(bars.type, "bar");
  expectClose(bars.y as number[], [25, 200], { rtol: 1e-12, what: "median ms" });
  expectClose(bars.error_y?.array ?? [], [7.5, 50], { rtol: 1e-12, what: "upper whisker" });
  expectClose(bars.error_y?.arrayminus ?? [], [7.5, 50], { rtol: 1e-12, what: "lower whisker" });
  assert.match(String(bars.x[0]), /^backprop/);
  assert.throws(() => timingBars([{ label: "tfjs", seconds: [] }]), /"tfjs": no training epochs/);
  assert.throws(() => timingBars([{ label: "tfjs", seconds: [0.1, NaN] }]), /epoch time 1 is NaN/);
});

test("reconstructionScatter: three 2-D panels for three features, each sample linked to its reconstruction", () => {
  const X = fromRows([
    [0.1, 0.2, 0.3],
    [0.4, 0.5, 0.6],
  ]);
  const R = fromRows([
    [0.15, 0.25, 0.35],
    [0.45, 0.55, 0.65],
  ]);
  const fig = reconstructionScatter(X, R);
  assert.equal(fig.data.length, 9, "3 panels × (links, samples, reconstructions)");
  assert.deepEqual(
    [
      fig.layout.xaxis.title.text,
      fig.layout.yaxis.title.text,
      fig.layout.xaxis3?.title.text,
      fig.layout.yaxis3?.title.text,
    ],
    ["x1", "x2", "x2", "x3"],
  );
  const links = fig.data[0];
  assert.deepEqual(links.x, [0.1, 0.15, null, 0.4, 0.45, null]);
  assert.deepEqual(links.y, [0.2, 0.25, null, 0.5, 0.55, null]);
  const panel3Samples = fig.data[7];
  assert.equal(panel3Samples.xaxis, "x3");
  assert.deepEqual(panel3Samples.y, [0.3, 0.6]);
  assert.equal(fig.data.filter((t) => t.showlegend).length, 3, "each kind in the legend once");
  assert.throws(() => reconstructionScatter(X, fromRows([[1, 2, 3]])), /data is 2×3 but the reconstruction is 1×3/);
});

test("every figure is plain JSON: no undefined, NaN or Infinity that plotly would get differently", () => {
  const run = { label: "backprop", history: history([0.4, 0.2], [0.5, null]) };
  const trainOnly = { label: "autograd", history: history([0.4, 0.2]) };
  for (const fig of [
    errorCurves([run, trainOnly], { title: "a" }),
    bands([{ label: "b", histories: [run.history, run.history] }], { title: "b" }),
    bands([{ label: "c", histories: [trainOnly.history] }], { title: "c" }),
    differenceCurves(run, trainOnly),
    timingBars([run]),
    reconstructionScatter(fromRows([[0, 1]]), fromRows([[1, 0]])),
  ]) {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(fig)), fig, fig.layout.title.text);
  }
});
