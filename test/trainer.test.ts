import { test } from "node:test";
import assert from "node:assert/strict";
import { column, zeros, type Matrix } from "../src/linalg/matrix";
import { sgdUpdate } from "../src/model/update";
import { backpropSample } from "../src/model/backward";
import { meanError, forward, sampleError } from "../src/model/forward";
import { cloneParams, initParams, type Params } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { type GradientMethod } from "../src/train/method";
import { train, TrainingDivergedError, HUGE_WEIGHT, largestWeight } from "../src/train/trainer";
import { expectClose, thrownBy } from "./helpers";

function randomData(rows: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const X = zeros(rows, 3);
  for (let i = 0; i < rows; i++) {
    // Points near the surface x3 = (x1 + x2) / 2: a 2-unit bottleneck can represent them.
    const a = rng.uniform();
    const b = rng.uniform();
    X.data.set([a, b, (a + b) / 2 + 0.02 * (rng.uniform() - 0.5)], 3 * i);
  }
  return X;
}

function rowsOf(X: Matrix): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
}

test("epoch 0 is the mean per-sample E of the initial weights, computed sample by sample", () => {
  const X = randomData(25, 1);
  const T = randomData(10, 2);
  const init = initParams(3, 2, new Rng(3));
  const { history } = train(backpropMethod, init, X, T, { epochs: 0, lr: 0.1 });
  const direct = (D: Matrix): number =>
    rowsOf(D).reduce((s, x) => s + sampleError(forward(init, x).O2, column(x)), 0) / D.rows;
  expectClose(history[0].trainError, direct(X), { rtol: 1e-14, what: "epoch-0 train error" });
  expectClose(history[0].testError ?? NaN, direct(T), { rtol: 1e-14, what: "epoch-0 test error" });
  assert.equal(history[0].seconds, 0);
});

test("without shuffling, per-sample SGD is the derivation's update applied row after row", () => {
  const X = randomData(12, 4);
  const init = initParams(3, 2, new Rng(5));
  const lr = 0.7;
  const result = train(backpropMethod, init, X, null, { epochs: 2, lr, shuffle: false });
  let p: Params = init;
  for (let epoch = 0; epoch < 2; epoch++) {
    for (const x of rowsOf(X)) {
      p = sgdUpdate(p, backpropSample(p, x), lr);
    }
  }
  for (const k of ["W1", "B1", "W2", "B2"] as const) assert.deepEqual(result.params[k].data, p[k].data, k);
  assert.equal(result.history[2].trainError, meanError(p, X));
  assert.equal(result.history[1].testError, null);
});

/**
 * Wraps backpropMethod so that every update's rows are recorded (copied: the trainer reshuffles `order`
 * in place), with the weights right after it. Rows are grouped by epoch through onEpoch, which the
 * trainer calls after each epoch's record, epoch 0 included, so updates after the k-th call are epoch k+1's.
 */
function recordingBackprop(): {
  method: GradientMethod;
  epochs: number[][][];
  after: Params[];
  onEpoch: () => void;
} {
  const epochs: number[][][] = [];
  const after: Params[] = [];
  const method: GradientMethod = {
    name: "recording",
    start(p, data) {
      const inner = backpropMethod.start(p, data);
      return {
        step(order, s, e, lr) {
          epochs[epochs.length - 1].push(Array.from(order.subarray(s, e)));
          inner.step(order, s, e, lr);
          after.push(cloneParams(inner.params()));
        },
        params: () => inner.params(),
        dispose: () => inner.dispose(),
      };
    },
  };
  return { method, epochs, after, onEpoch: () => void epochs.push([]) };
}

test("with shuffling, every epoch visits every training row exactly once, in a new order each epoch", () => {
  const N = 10;
  const X = randomData(N, 16);
  const rec = recordingBackprop();
  train(rec.method, initParams(3, 2, new Rng(17)), X, null, {
    epochs: 6,
    lr: 0.3,
    batchSize: 3,
    seed: 4,
    onEpoch: rec.onEpoch,
  });
  // onEpoch ran 7 times (epochs 0…6); the group opened by the last call stays empty.
  assert.equal(rec.epochs.length, 7);
  assert.deepEqual(rec.epochs[6], []);
  const visits = rec.epochs.slice(0, 6).map((batches) => batches.flat());
  const everyRow = Array.from({ length: N }, (_, i) => i);
  visits.forEach((rows, e) => {
    assert.deepEqual(
      [...rows].sort((a, b) => a - b),
      everyRow,
      `epoch ${e + 1} visited ${rows.join(",")}`,
    );
    // Batches of 3 from 10 rows: 3 + 3 + 3 + 1.
    assert.deepEqual(
      rec.epochs[e].map((b) => b.length),
      [3, 3, 3, 1],
    );
  });
  assert.notDeepEqual(visits[0], everyRow, "epoch 1 is in file order: not shuffled");
  for (let e = 1; e < visits.length; e++)
    assert.notDeepEqual(visits[e], visits[e - 1], `epochs ${e} and ${e + 1} visit rows in the same order`);
});

test("batches of 4 from 9 or 10 rows (no shuffle): the last batch holds the rows that are left", () => {
  // The stepper's update for a batch is the mean gradient of its own rows, however many (test/fused.test.ts).
  for (const [N, batches] of [
    [9, [[0, 1, 2, 3], [4, 5, 6, 7], [8]]],
    [
      10,
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9],
      ],
    ],
  ] as const) {
    const rec = recordingBackprop();
    train(rec.method, initParams(3, 2, new Rng(19)), randomData(N, 18), null, {
      epochs: 1,
      lr: 0.9,
      batchSize: 4,
      shuffle: false,
      onEpoch: rec.onEpoch,
    });
    assert.deepEqual(rec.epochs[0], batches, `N = ${N}`);
    assert.equal(rec.after.length, batches.length, "one update per batch");
  }
});

test("the same seed gives a bitwise-identical history; another seed a different one; init is not modified", () => {
  const X = randomData(40, 8);
  const T = randomData(10, 9);
  const init = initParams(3, 2, new Rng(10));
  const before = init.W1.data.slice();
  const run = (seed: number): number[] =>
    train(backpropMethod, init, X, T, { epochs: 15, lr: 0.5, batchSize: 4, seed }).history.flatMap((r) => [
      r.trainError,
      r.testError ?? NaN,
    ]);
  assert.deepEqual(run(1), run(1));
  assert.notDeepEqual(run(1), run(2));
  assert.deepEqual(init.W1.data, before);
});

test("training lowers both errors on data near a 2-D surface", () => {
  const X = randomData(200, 11);
  const T = randomData(50, 12);
  const { history } = train(backpropMethod, initParams(3, 2, new Rng(13)), X, T, { epochs: 200, lr: 1, seed: 1 });
  const first = history[0];
  const last = history[history.length - 1];
  assert.equal(history.length, 201);
  assert.ok(last.trainError < 0.5 * first.trainError, `train ${first.trainError} → ${last.trainError}`);
  assert.ok(last.testError! < 0.5 * first.testError!, `test ${first.testError} → ${last.testError}`);
  assert.ok(history.every((r) => r.seconds >= 0));
});

test("a diverging run stops with a clear error that still carries the history so far", () => {
  const X = randomData(20, 14);
  const init = initParams(3, 2, new Rng(15));
  // Sigmoid units saturate instead of overflowing, so plain SGD on this network hardly ever produces NaN.
  // A method that behaves like backprop and then writes a NaN into W1 during epoch 3 stands in for one that does.
  let steps = 0;
  let disposed = 0;
  const poisoned: GradientMethod = {
    name: "poisoned",
    start(p, data) {
      const inner = backpropMethod.start(p, data);
      return {
        step(order, s, e, lr) {
          inner.step(order, s, e, lr);
          if (++steps === 2 * data.rows + 5) inner.params().W1.data[0] = NaN;
        },
        params: () => inner.params(),
        dispose: () => void disposed++,
      };
    },
  };
  const caught = thrownBy(() => train(poisoned, init, X, null, { epochs: 50, lr: 0.1 }));
  assert.ok(caught instanceof TrainingDivergedError, `expected TrainingDivergedError, got ${String(caught)}`);
  assert.match(caught.message, /^training diverged at epoch 3: train error NaN/);
  assert.equal(caught.history.length, 4);
  assert.ok(caught.history.slice(0, 3).every((r) => Number.isFinite(r.trainError)));
  assert.ok(Number.isNaN(caught.params.W1.data[0]));
  assert.equal(disposed, 1);
});

test("a non-finite error before any update is reported as bad data or weights, not as divergence", () => {
  const X = randomData(6, 20);
  const T = randomData(3, 21);
  const init = initParams(3, 2, new Rng(22));
  init.W1.data[3] = NaN;
  const caught = thrownBy(() => train(backpropMethod, init, X, T, { epochs: 5, lr: 0.1 }));
  // The same class as a divergence, so callers (the CLI) keep one catch and still get the history.
  assert.ok(caught instanceof TrainingDivergedError, `expected TrainingDivergedError, got ${String(caught)}`);
  assert.equal(
    caught.message,
    "the initial error is not finite (train error NaN, test error NaN): check the data and the initial weights",
  );
  assert.doesNotMatch(caught.message, /diverged|learning rate/);
  assert.equal(caught.history.length, 1);
  assert.equal(caught.history[0].epoch, 0);
  assert.ok(Number.isNaN(caught.params.W1.data[3]));
});

test("bad options and mismatched data are refused with messages", () => {
  const X = randomData(5, 1);
  const init = initParams(3, 2, new Rng(1));
  assert.throws(
    () => train(backpropMethod, init, X, null, { epochs: 1, lr: 0 }),
    /learning rate must be a positive number/,
  );
  assert.throws(
    () => train(backpropMethod, init, X, null, { epochs: 1.5, lr: 1 }),
    /epochs must be a non-negative integer/,
  );
  assert.throws(() => train(backpropMethod, init, X, null, { epochs: 1, lr: 1, batchSize: 0 }), /batch size/);
  assert.throws(
    () => train(backpropMethod, initParams(4, 2, new Rng(1)), X, null, { epochs: 1, lr: 1 }),
    /3 columns but the network has 4 inputs/,
  );
});

test("a weight past hugeWeight stops training with the history so far; without the option every epoch runs", () => {
  const X = randomData(20, 31);
  const init = initParams(3, 2, new Rng(32));
  const limit = 1000;
  const caught = thrownBy(() => train(backpropMethod, init, X, null, { epochs: 200, lr: 1e6, hugeWeight: limit }));
  assert.ok(caught instanceof TrainingDivergedError && /a weight reached/.test(caught.reason), String(caught));
  const last = caught.history.length - 1;
  assert.ok(last >= 1 && last < 200, `stopped at epoch ${last}`);
  assert.ok(largestWeight(caught.params) > limit, "the weights at the stop are past the limit");
  assert.equal(caught.history[last].epoch, last);
  // Without the option every epoch runs, as notebooks' learning-rate sweeps expect.
  assert.equal(train(backpropMethod, init, X, null, { epochs: 200, lr: 1e6 }).history.length, 201);
});

test("weights given above the limit only stop training when they grow further", () => {
  const X = randomData(10, 33);
  const init = initParams(3, 2, new Rng(34));
  init.W1.data[0] = 10 * HUGE_WEIGHT; // a saturated unit: its gradient is exactly 0
  const r = train(backpropMethod, init, X, X, { epochs: 5, lr: 0.1, hugeWeight: HUGE_WEIGHT });
  assert.deepEqual(
    r.history.map((h) => h.epoch),
    [0, 1, 2, 3, 4, 5],
  );
});

test("without keepHistory the result holds no history, and onEpoch still sees every epoch", () => {
  const X = randomData(10, 35);
  const seen: number[] = [];
  const r = train(backpropMethod, initParams(3, 2, new Rng(36)), X, null, {
    epochs: 3,
    lr: 0.1,
    keepHistory: false,
    onEpoch: (rec) => seen.push(rec.epoch),
  });
  assert.deepEqual(r.history, []);
  assert.deepEqual(seen, [0, 1, 2, 3]);
});

test("library callers get a message naming the argument: null weights or data, seeds outside 32 bits", () => {
  const X = randomData(5, 37);
  const init = initParams(3, 2, new Rng(38));
  const bad = (f: () => unknown, pattern: RegExp): void => {
    const e = thrownBy(f);
    assert.ok(e instanceof Error && !(e.constructor === TypeError && /reading/.test(e.message)), String(e));
    assert.match(e.message, pattern);
  };
  bad(
    () => train(backpropMethod, null as unknown as Params, X, null, { epochs: 1, lr: 1 }),
    /^train: init must be the initial weights \{W1, B1, W2, B2\}, got null$/,
  );
  bad(
    () => train(backpropMethod, init, null as unknown as Matrix, null, { epochs: 1, lr: 1 }),
    /^train: trainX must be a Matrix/,
  );
  for (const seed of [NaN, 2 ** 32, 1.5, -1]) {
    bad(
      () => train(backpropMethod, init, X, null, { epochs: 1, lr: 1, seed }),
      new RegExp(`^seed must be an integer from 0 to 4294967295, got ${seed}$`),
    );
  }
});
