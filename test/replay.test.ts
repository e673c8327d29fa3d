import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, fromArray } from "../src/linalg/matrix";
import { type LiveDisplay } from "../src/notebook/display";
import { trainingProgress } from "../src/notebook/live-training";
import { initParams } from "../src/model/params";
import { Rng, streamSeed } from "../src/random/prng";
import { compareErrors, describeComparison, embeddedErrors } from "../src/replay/compare";
import {
  type EmbeddedRun,
  MAX_DATA_VALUES,
  MAX_EPOCHS,
  MAX_HIDDEN,
  RUN_MIME,
  embedRun,
} from "../src/replay/embedded-run";
import { runSettings } from "../src/replay/page-settings";
import { initialWeights, retrain } from "../src/replay/retrain";
import { autogradMethod } from "../src/train/autograd";
import { backpropMethod } from "../src/train/backprop";
import { type GradientMethod } from "../src/train/method";
import { tfjsMethod } from "../src/train/tfjs";
import { type TrainOptions, train } from "../src/train/trainer";

/** Rows in [0, 1], as the notebooks' scaled data. */
function rows(count: number, n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return fromArray(
    count,
    n,
    Array.from({ length: count * n }, () => rng.uniform()),
  );
}

const trainX = rows(24, 3, 1);
const testX = rows(7, 3, 2);
const init = initParams(3, 2, new Rng(streamSeed(4, "init")));
const options: TrainOptions = { epochs: 12, lr: 0.5, batchSize: 3, seed: 4 };

/** The run as the page receives it: embedded by the notebook's helper, then through JSON text. */
function pageRun(
  method: GradientMethod,
  opts: TrainOptions = options,
): { run: EmbeddedRun; history: ReturnType<typeof train>["history"] } {
  const sent: Record<string, unknown>[] = [];
  const display: LiveDisplay = { progress: () => undefined, figure: (_f, extra) => sent.push(extra ?? {}) };
  const live = trainingProgress({ label: method.name, epochs: opts.epochs, title: "T" }, display);
  const result = live.train(method, init, trainX, testX, opts);
  assert.equal(sent.length, 1, "one finished figure");
  const run = JSON.parse(JSON.stringify(sent[0][RUN_MIME])) as EmbeddedRun;
  return { run, history: result.history };
}

test("live.train returns train()'s result and its figure carries the run: method, weights, data, options, errors", () => {
  const { run, history } = pageRun(backpropMethod);
  const direct = train(backpropMethod, init, trainX, testX, options);
  assert.deepEqual(
    history,
    direct.history.map((r, i) => ({ ...r, seconds: history[i].seconds })),
  );
  assert.equal(run.method, "backprop");
  assert.deepEqual([run.epochs, run.lr, run.batchSize, run.seed, run.hidden], [12, 0.5, 3, 4, 2]);
  assert.deepEqual(run.train.data, Array.from(trainX.data));
  assert.deepEqual(run.test?.data, Array.from(testX.data));
  assert.deepEqual(run.init.W1.flat(), Array.from(init.W1.data));
  assert.equal(run.trainError.length, 13, "epoch 0 and 12 epochs");
  assert.deepEqual(
    run.testError,
    direct.history.map((r) => r.testError),
  );
});

for (const method of [backpropMethod, autogradMethod]) {
  test(`${method.name}: retraining the embedded run after a JSON round trip reproduces every error bit for bit`, () => {
    const { run } = pageRun(method);
    const again = retrain(run, runSettings(run));
    const c = compareErrors(embeddedErrors(run), again.history);
    assert.equal(c.first, null);
    assert.equal(c.identicalRecords, 13);
    assert.equal(describeComparison(c), "bit-identical, 12 of 12 epochs (and epoch 0), training and test error");
  });
}

test("another learning rate keeps epoch 0 (same weights) and differs from epoch 1 on", () => {
  const { run } = pageRun(backpropMethod);
  const other = retrain(run, { ...runSettings(run), lr: 0.25 });
  const c = compareErrors(embeddedErrors(run), other.history);
  assert.equal(c.first?.epoch, 1);
  assert.equal(c.first?.split, "training");
  assert.match(describeComparison(c), /^different from epoch 1 on: its training error is /);
});

test("another seed or hidden size draws new weights as the notebooks' initForSeed does; the notebook's seed keeps its own", () => {
  const { run } = pageRun(backpropMethod);
  const same = initialWeights(run, runSettings(run));
  assert.deepEqual(Array.from(same.W1.data), Array.from(init.W1.data));
  const seed9 = initialWeights(run, { ...runSettings(run), seed: 9 });
  assert.deepEqual(seed9, initParams(3, 2, new Rng(streamSeed(9, "init"))));
  const wide = initialWeights(run, { ...runSettings(run), hidden: 5 });
  assert.deepEqual([wide.W1.rows, wide.W1.cols, wide.W2.rows, wide.B1.rows], [3, 5, 5, 5]);
  const c = compareErrors(embeddedErrors(run), retrain(run, { ...runSettings(run), seed: 9 }).history);
  assert.equal(c.first?.epoch, 0, "new weights: the errors differ before any update");
});

test("a run beyond what a page can retrain is not embedded: more epochs, hidden units or data than its limits", () => {
  const record = { epoch: 0, trainError: 1, testError: 1, seconds: 0 };
  const inputs = { label: "b", title: "T", method: "backprop", init, train: trainX, test: testX, options };
  assert.ok(embedRun(inputs, [record]));
  assert.equal(embedRun({ ...inputs, options: { ...options, epochs: MAX_EPOCHS + 1 } }, [record]), null);
  const wide = initParams(3, MAX_HIDDEN + 1, new Rng(1));
  assert.equal(embedRun({ ...inputs, init: wide }, [record]), null);
  const big = fromArray(MAX_DATA_VALUES / 3, 3, new Float64Array(MAX_DATA_VALUES));
  assert.equal(embedRun({ ...inputs, train: big }, [record]), null, "the test rows on top of these are too many");
  assert.ok(embedRun({ ...inputs, train: big, test: null }, [record]), "exactly the limit");
});

test("a tfjs run is not embedded: a page cannot run TensorFlow.js", () => {
  const run = embedRun(
    { label: "tfjs", title: "T", method: tfjsMethod.name, init, train: trainX, test: testX, options },
    [{ epoch: 0, trainError: 1, testError: 1, seconds: 0 }],
  );
  assert.equal(run, null);
});

test("compareErrors: the first differing bit anywhere, a test error included; lengths; NaN equals NaN", () => {
  const a = { trainError: [0.5, 0.25, 0.125, NaN], testError: [0.6, 0.3, 0.15, NaN] };
  const nudged = 0.15 + 2 ** -55; // the next double above 0.15
  assert.notEqual(nudged, 0.15);
  const b = { trainError: [0.5, 0.25, 0.125, NaN], testError: [0.6, 0.3, nudged, NaN] };
  const c = compareErrors(a, b);
  assert.deepEqual(c.first, { epoch: 2, split: "test", expected: 0.15, actual: nudged });
  assert.equal(c.identicalRecords, 2);
  assert.match(
    describeComparison(c),
    /^different from epoch 2 on: its test error is 0\.15000000000000002 here and 0\.15 in the notebook \(a difference of 2\.8e-17, 1\.9e-16 of the value\)$/,
  );
  assert.equal(compareErrors(a, a).first, null, "NaN = NaN");
  const short = compareErrors(a, { trainError: [0.5, 0.25], testError: [0.6, 0.3] });
  assert.equal(short.first, null);
  assert.equal(short.sameLength, false);
  assert.match(
    describeComparison(short),
    /the first 2 records are bit-identical, but the notebook's run has 4 records/,
  );
  assert.equal(
    compareErrors({ trainError: [0], testError: null }, { trainError: [-0], testError: null }).first?.epoch,
    0,
    "−0 ≠ 0",
  );
});
