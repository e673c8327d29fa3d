import { test } from "node:test";
import assert from "node:assert/strict";
import { type LiveDisplay } from "../src/notebook/display";
import { progressLine, runProgress, trainingProgress } from "../src/notebook/live-training";
import { type Figure } from "../src/plot/figure";

const record = (epoch: number, testError: number | null = 0.25) => ({
  epoch,
  trainError: 0.5 / (epoch + 1),
  testError,
  seconds: 0,
});

test("progressLine: epoch of total, both errors and the time, in the project's number format", () => {
  assert.equal(
    progressLine("backprop", { epoch: 1200, trainError: 0.012345, testError: 0.0000123, seconds: 0 }, 3000, 1.234),
    "backprop: epoch 1,200 of 3,000 · training error 0.0123 · test error 1.23 × 10⁻⁵ · 1.2 s",
  );
  assert.equal(
    progressLine("autograd", record(0, null), 10, 0.0004),
    "autograd: epoch 0 of 10 · training error 0.500 · 400 µs",
  );
});

test("trainingProgress: epoch 0 at once, then at most one update per interval with the curves so far, the figure at the end", () => {
  const shown: string[] = [];
  const partial: (number | null)[][] = [];
  let figure: Figure | null = null;
  const display: LiveDisplay = {
    progress: (t, f) => {
      shown.push(t);
      partial.push(f ? (f.data[0].x as number[]) : []);
    },
    figure: (f) => (figure = f),
  };
  let clock = 100;
  const live = trainingProgress({ label: "backprop", epochs: 6, title: "T", intervalSeconds: 1 }, display, () => clock);
  // epochs arrive at t = 100, 100.4, 100.8, 101.2, 101.6, 102.0, 102.4 (s)
  for (let e = 0; e <= 6; e++) {
    live.onEpoch(record(e));
    clock += 0.4;
  }
  assert.deepEqual(
    shown.map((l) => /epoch (\d+) of 6/.exec(l)?.[1]),
    ["0", "3", "6"],
  );
  // epoch 0: the line alone; later: the line and the curves up to that epoch
  assert.deepEqual(partial, [[], [0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6]]);
  assert.equal(figure, null, "no finished figure before finish()");
  live.finish();
  const fig = figure as Figure | null;
  assert.ok(fig);
  assert.equal(fig.layout.title.text, "T");
  assert.deepEqual(fig.data[0].x, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(live.history.length, 7);
});

test("trainingProgress.finish before any epoch names the figure", () => {
  const display: LiveDisplay = { progress: () => undefined, figure: () => undefined };
  const live = trainingProgress({ label: "a", epochs: 1, title: "Empty" }, display);
  assert.throws(() => live.finish(), /no epoch of "Empty" was recorded/);
});

test("runProgress: nothing until the first run, then at most one line per interval, the last run and a closing line", () => {
  const shown: string[] = [];
  let displays = 0;
  const makeDisplay = (): LiveDisplay => {
    displays++;
    return { progress: (t) => shown.push(t), figure: () => assert.fail("no figure for runs") };
  };
  let clock = 10;
  const live = runProgress("sweep", 1, makeDisplay, () => clock);
  assert.equal(displays, 0, "no output before the first run");
  // runs finish at t = 10.3, 10.6, 10.9, 11.2, 11.5
  for (let done = 1; done <= 5; done++) {
    clock += 0.3;
    live.onRun(done, 5);
  }
  live.finish();
  assert.equal(displays, 1, "one output, updated in place");
  assert.deepEqual(shown, [
    "sweep: run 1 of 5 · 300 ms",
    "sweep: run 5 of 5 · 1.5 s",
    "sweep: 5 training runs in 1.5 s",
  ]);
});

test("runProgress: an experiment that reports no run leaves no output", () => {
  const live = runProgress("paired runs", 0.5, () => assert.fail("no display expected"));
  live.finish();
});
