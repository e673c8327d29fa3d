import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Issue 9, item 5: a run file reproduces itself. The replay below is written from the run file's
 * documented contents and the README's rules only — plain loops, its own CSV split, its own PRNG
 * (xoshiro128** seeded by splitmix32, from their published definitions) and its own backpropagation —
 * without importing anything from the library, and must match the recorded history to 1e-12.
 */
const ROOT = resolve(__dirname, "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-replay-"));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Weights {
  W1: number[][];
  B1: number[];
  W2: number[][];
  B2: number[];
}
interface Run {
  config: {
    data: string;
    columns: string[];
    scaling: { min: number[]; max: number[] } | null;
    epochs: number;
    lr: number;
    batchSize: number;
    shuffle: boolean;
    shuffleSeed: number | null;
  };
  initialWeights: Weights;
  split: { train: number[]; test: number[] };
  weights: Weights;
  history: { epoch: number; trainError: number; testError: number | null }[];
}

/** The data rows of a plain CSV file (no quotes), the chosen columns, as numbers. */
function readRows(file: string, columns: string[]): number[][] {
  const [header, ...lines] = readFileSync(join(ROOT, file), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const names = header.split(",").map((s) => s.trim());
  const idx = columns.map((c) => names.indexOf(c));
  return lines.map((l) => {
    const cells = l.split(",");
    return idx.map((i) => Number(cells[i]));
  });
}

/** xoshiro128** with a splitmix32 seeding, as published by Blackman and Vigna; 32-bit arithmetic. */
function makeShuffler(seed: number): (a: number[]) => void {
  let x = seed >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  const rotl = (v: number, k: number): number => ((v << k) | (v >>> (32 - k))) >>> 0;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const below = (n: number): number => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const v = next();
      if (v < limit) return v % n;
    }
  };
  return (a) => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = below(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
}

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

function forwardPass(w: Weights, x: number[]): { o1: number[]; o2: number[] } {
  const h = w.B1.length;
  const o1: number[] = [];
  for (let j = 0; j < h; j++) {
    let s = w.B1[j];
    for (let i = 0; i < x.length; i++) s += w.W1[i][j] * x[i];
    o1.push(sigma(s));
  }
  const o2: number[] = [];
  for (let k = 0; k < x.length; k++) {
    let s = w.B2[k];
    for (let j = 0; j < h; j++) s += w.W2[j][k] * o1[j];
    o2.push(sigma(s));
  }
  return { o1, o2 };
}

function meanError(w: Weights, X: number[][]): number {
  let total = 0;
  for (const x of X) {
    const { o2 } = forwardPass(w, x);
    for (let k = 0; k < x.length; k++) total += (o2[k] - x[k]) ** 2;
  }
  return total / X.length;
}

/** The replay: every epoch's train and test error from the run file and the data file alone. */
function replay(run: Run): { train: number; test: number }[] {
  const c = run.config;
  const rows = readRows(c.data, c.columns);
  const scale = (x: number[]): number[] =>
    c.scaling === null ? x : x.map((v, j) => (v - c.scaling!.min[j]) / (c.scaling!.max[j] - c.scaling!.min[j]));
  const train = run.split.train.map((r) => scale(rows[r]));
  const test = run.split.test.map((r) => scale(rows[r]));
  const w: Weights = JSON.parse(JSON.stringify(run.initialWeights)) as Weights;
  const n = c.columns.length;
  const h = w.B1.length;
  const shuffle = c.shuffle && c.shuffleSeed !== null ? makeShuffler(c.shuffleSeed) : null;
  const order = train.map((_, i) => i);
  const out = [{ train: meanError(w, train), test: meanError(w, test) }];
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    shuffle?.(order);
    for (let start = 0; start < order.length; start += c.batchSize) {
      const batch = order.slice(start, start + c.batchSize);
      const g = {
        W1: w.W1.map((r) => r.map(() => 0)),
        B1: w.B1.map(() => 0),
        W2: w.W2.map((r) => r.map(() => 0)),
        B2: w.B2.map(() => 0),
      };
      for (const r of batch) {
        const x = train[r];
        const { o1, o2 } = forwardPass(w, x);
        const dI2 = o2.map((o, k) => 2 * (o - x[k]) * o * (1 - o));
        const dI1 = o1.map((o, j) => dI2.reduce((s, d, k) => s + w.W2[j][k] * d, 0) * o * (1 - o));
        for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) g.W2[j][k] += o1[j] * dI2[k];
        for (let k = 0; k < n; k++) g.B2[k] += dI2[k];
        for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) g.W1[i][j] += x[i] * dI1[j];
        for (let j = 0; j < h; j++) g.B1[j] += dI1[j];
      }
      const step = c.lr / batch.length;
      for (let j = 0; j < h; j++) for (let k = 0; k < n; k++) w.W2[j][k] -= step * g.W2[j][k];
      for (let k = 0; k < n; k++) w.B2[k] -= step * g.B2[k];
      for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) w.W1[i][j] -= step * g.W1[i][j];
      for (let j = 0; j < h; j++) w.B1[j] -= step * g.B1[j];
    }
    out.push({ train: meanError(w, train), test: meanError(w, test) });
  }
  return out;
}

function runFile(...args: string[]): Run {
  const out = join(dir, `run-${args.join("_").replace(/[^\w]/g, "")}.json`);
  const r = spawnSync(process.execPath, [CLI, "train", "--quiet", ...args, "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(out, "utf8")) as Run;
}

function assertReplays(run: Run): void {
  const replayed = replay(run);
  assert.equal(replayed.length, run.history.length);
  run.history.forEach((h, i) => {
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    assert.ok(close(replayed[i].train, h.trainError), `epoch ${i}: train ${replayed[i].train} vs ${h.trainError}`);
    assert.ok(close(replayed[i].test, h.testError ?? NaN), `epoch ${i}: test ${replayed[i].test} vs ${h.testError}`);
  });
}

test("a shuffled per-sample run on iris replays from its run file to 1e-12", () => {
  const run = runFile("--data", "data/iris.csv", "--epochs", "30", "--seed", "7");
  assert.equal(run.split.train.length, 120);
  assertReplays(run);
});

test("a mini-batch run (batch 7, not a power of two) and a file-order run on the surface data replay too", () => {
  assertReplays(
    runFile("--data", "data/surface.csv", "--epochs", "20", "--batch-size", "7", "--lr", "0.5", "--seed", "3"),
  );
  assertReplays(runFile("--data", "data/surface.csv", "--epochs", "10", "--no-shuffle", "--test-fraction", "0.3"));
});

test("--epochs 0 records the initial weights' errors, which the replay computes from initialWeights", () => {
  const run = runFile("--data", "data/iris.csv", "--epochs", "0", "--seed", "9");
  assert.equal(run.history.length, 1);
  assertReplays(run);
});
