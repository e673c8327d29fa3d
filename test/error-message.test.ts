import { test } from "node:test";
import { format, inspect } from "node:util";
import assert from "node:assert/strict";
import { inTslabKernel, installErrorDisplay, shortErrorMessage } from "../src/notebook/error-message";
import { train } from "../src/train/trainer";
import { backpropMethod } from "../src/train/backprop";
import { initForSeed } from "../src/experiment/runs";
import { ParameterError } from "../src/notebook/parameters";
import { prepareDataset } from "../src/data/dataset";
import { trainingProgress } from "../src/notebook/live-training";
import { formatNumber } from "../src/format/number";
import { type Figure } from "../src/plot/figure";

const COLUMNS = ["sepal_length", "petal_length", "petal_width"];

test("shortErrorMessage: one line, without the internal function's name", () => {
  const e = new Error("splitRows: the test fraction must be below 1, got 1.5\n    at somewhere");
  const line = shortErrorMessage(e);
  assert.equal(line.split("\n").length, 1);
  assert.ok(!line.includes("splitRows"), line);
  assert.ok(line.includes("the test fraction must be below 1, got 1.5"), line);
  assert.equal(shortErrorMessage(new RangeError("deliberate")), "RangeError: deliberate");
  assert.equal(
    shortErrorMessage(new ParameterError('parameters.json: "training.lr" must be …')),
    'parameters.json: "training.lr" must be …',
  );
});

test("a diverged run (η = 50 on Iris) is said to have diverged, with the parameter to change; η = 0.1 is not", async () => {
  const ds = await prepareDataset({ data: "data/iris.csv", columns: COLUMNS, test: { fraction: 0.2 }, seed: 0 });
  const run = (lr: number) => {
    const shown: Figure[] = [];
    const display = { progress: () => undefined, figure: (f: Figure) => void shown.push(f) };
    const live = trainingProgress({ label: "backprop", epochs: 300, title: `η = ${lr}` }, display);
    train(backpropMethod, initForSeed(0, 3, 2), ds.train, ds.test, { epochs: 300, lr, seed: 0, onEpoch: live.onEpoch });
    return { finish: () => live.finish(), shown, history: live.history };
  };
  const bad = run(50);
  assert.ok(bad.history[300].trainError > bad.history[0].trainError, "η = 50 ends worse than it started");
  let caught: unknown;
  try {
    bad.finish();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, "finish() fails the cell");
  assert.equal(bad.shown.length, 1, "the curves are drawn before the cell fails");
  const line = shortErrorMessage(caught);
  assert.match(line, /^Training diverged/);
  assert.match(line, /training\.lr/);
  assert.ok(line.includes(formatNumber(bad.history[300].trainError)), line);
  const good = run(0.1);
  assert.ok(good.history[300].trainError < good.history[0].trainError);
  assert.doesNotThrow(() => good.finish());
});

test("installErrorDisplay: an error prints as one line where tslab prints it (console.error → util.inspect)", () => {
  class LibraryError extends Error {}
  installErrorDisplay(LibraryError.prototype);
  const e = new LibraryError("blockMax: block must be a positive integer, got 0");
  assert.equal(inspect(e), "Error: block must be a positive integer, got 0");
  assert.equal(format("UncaughtException:", e), "UncaughtException: Error: block must be a positive integer, got 0");
  assert.match(inspect(new Error("elsewhere")), /\n\s+at /, "errors of other classes keep their stack here");
});

test("inTslabKernel: only for tslab's kernel command", () => {
  assert.ok(inTslabKernel(["/usr/bin/node", "/p/node_modules/tslab/bin/tslab", "kernel", "--config-path", "c.json"]));
  assert.ok(!inTslabKernel(["/usr/bin/node", "/p/dist/cli/main.js", "train"]));
});
