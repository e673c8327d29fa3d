import { createHash } from "node:crypto";
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../src/random/prng";
import { initParams, paramsToJson, type ParamsJson } from "../src/model/params";
import { methodNames } from "../src/method-registry";
import { ProgressBar } from "../src/cli/progress-bar";
import { compactJson } from "../src/format/compact-json";
import { type RunFile } from "../src/cli/run-file";
import { ROOT, type Result, cli, fails } from "./cli-run";
import { numericValue } from "../src/data/numeric-cell";
import { numberList } from "../src/cli/args";
import { expectClose, centralDifference } from "./helpers";

/**
 * The CLI as a user meets it: `node dist/cli/main.js` in a child process (npm test builds dist first).
 * Exit codes, one-line messages naming the flag / file / line / column, and the files written.
 */
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function trainJson(...args: string[]): RunFile {
  const r = cli("train", "--quiet", ...args);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", "--quiet prints nothing on stderr");
  return JSON.parse(r.stdout) as RunFile;
}

const IRIS = "data/iris.csv";

test("--help at the top and on every command", () => {
  for (const args of [["--help"], ["help"], ["-h"]]) {
    const r = cli(...args);
    assert.equal(r.code, 0);
    for (const c of ["train", "gradients", "synth"]) assert.ok(r.stdout.includes(c));
  }
  const train = cli("train", "--help");
  assert.equal(train.code, 0);
  for (const name of methodNames()) assert.ok(train.stdout.includes(name), `train --help lists method ${name}`);
  for (const flag of ["--data", "--columns", "--test-fraction", "--init-scheme", "--no-scale", "--out", "--quiet"]) {
    assert.ok(train.stdout.includes(flag), `train --help mentions ${flag}`);
  }
  // A flag's default is shown from the value the command falls back to.
  assert.match(train.stdout, /--lr X +learning rate, > 0 \(default 0\.1\)\n/);
  assert.match(train.stdout, /--batch-size B +.*\(default 1\)\n/);
  const gradients = cli("gradients", "--help").stdout;
  for (const words of ["--x", "--raw", "[0, 1] input units"]) {
    assert.ok(gradients.includes(words), `gradients --help mentions ${words}`);
  }
  assert.ok(cli("synth", "--help").stdout.includes("--noise"));
  assert.equal(cli().code, 2, "no command is a usage error");
  fails(2, ["frobnicate"], 'unknown command "frobnicate"');
});

test("invalid train flags and values exit 2 with a one-line message naming the flag", () => {
  const d = ["train", "--data", IRIS];
  const cases: [string[], ...string[]][] = [
    [[...d, "--bogus"], "--bogus", "unknown flag"],
    [[...d, "--lr"], "--lr needs a value"],
    [[...d, "--lr", "--epochs", "3"], "--lr needs a value"],
    [[...d, "--lr", "0"], "--lr", '"0"'],
    [[...d, "--lr", "-0.1"], "--lr"],
    [[...d, "--lr", "fast"], "--lr", '"fast"'],
    [[...d, "--lr", "Infinity"], "--lr"],
    [[...d, "--epochs", "-1"], "--epochs", "an integer from 0 to 100000000"],
    [[...d, "--epochs", "2.5"], "--epochs"],
    [[...d, "--epochs=ten"], "--epochs", '"ten"'],
    [[...d, "--hidden", "0"], "--hidden"],
    [[...d, "--batch-size", "0"], "--batch-size"],
    [[...d, "--test-fraction", "0"], "--test-fraction"],
    [[...d, "--test-fraction", "1"], "--test-fraction"],
    [[...d, "--test-fraction", "1.5"], "--test-fraction"],
    [[...d, "--test", IRIS, "--test-fraction", "0.3"], "--test", "--test-fraction"],
    [[...d, "--method", "magic"], "--method", '"magic"', "backprop"],
    [[...d, "--seed", "-1"], "--seed"],
    [[...d, "--seed", "4294967296"], "--seed"],
    [[...d, "--init-scheme", "zeros"], "--init-scheme", "xavier"],
    [[...d, "--columns", "a,,b"], "--columns", "empty name"],
    [[...d, "--quiet=yes"], "--quiet takes no value"],
    [[...d, "--lr", "0.1", "--lr", "0.2"], "--lr is given twice"],
    [[...d, "stray"], '"stray"'],
    [["train"], "--data is required"],
    [[...d, "--out", join(dir, "no-such-folder", "run.json")], "--out", "does not exist"],
  ];
  for (const [args, ...fragments] of cases) fails(2, args, ...fragments);
});

test("data errors exit 1 naming the file, and the line and column where there is one", () => {
  const t = (name: string, text: string): string[] => ["train", "--data", file(name, text), "--quiet"];
  fails(1, ["train", "--data", join(dir, "absent.csv")], "absent.csv", "not found");
  fails(1, t("empty.csv", ""), "empty.csv", "empty");
  fails(1, t("header.csv", "a,b,c\n"), "header.csv", "no data rows");
  fails(1, t("ragged.csv", "a,b,c\n1,2,3\n1,2,3\n4,5\n"), "ragged.csv", "line 4", "2 fields");
  fails(1, t("text.csv", "a,b,c\n1,2,3\n4,five,6\n"), "text.csv", "line 3", 'column "b"', '"five"');
  fails(1, t("blank.csv", "a,b,c\n1,2,3\n4,5,\n"), "blank.csv", "line 3", 'column "c"', "blank");
  fails(1, t("nan.csv", "a,b,c\nNaN,2,3\n4,5,6\n"), "nan.csv", "line 2", 'column "a"', "NaN");
  fails(1, t("one.csv", "a,b,c\n1,2,3\n"), "one.csv", "1 data row");
  fails(1, [...t("cols.csv", "a,b,c\n1,2,3\n4,5,6\n"), "--columns", "a,d"], "cols.csv", 'unknown column "d"');
  fails(1, t("const.csv", "a,b,c\n1,2,3\n4,2,6\n5,2,1\n"), "const.csv", 'column "b"', "divide by zero");
  fails(1, [...t("unit.csv", "a,b\n0.5,0.5\n0.2,-0.1\n"), "--no-scale"], "unit.csv", "line 3", 'column "b"', "-0.1");
  const ok = file("ok.csv", "a,b\n0.1,0.2\n0.3,0.4\n0.5,0.6\n");
  fails(1, ["train", "--data", ok, "--test", join(dir, "gone.csv")], "gone.csv", "not found");
  fails(1, ["train", "--data", ok, "--test", file("other.csv", "a,c\n0.1,0.2\n0.3,0.4\n")], "other.csv", '"b"');
});

test("--init must match the data's column count and --hidden", () => {
  const w = (n: number, h: number): string =>
    file(`w${n}${h}.json`, JSON.stringify(paramsToJson(initParams(n, h, new Rng(1)))));
  fails(2, ["train", "--data", IRIS, "--init", w(3, 2)], "--init", "3 inputs", "4 columns");
  fails(2, ["train", "--data", IRIS, "--init", w(4, 3), "--hidden", "2"], "--init", "3 hidden units", "--hidden");
  fails(2, ["train", "--data", IRIS, "--init", w(4, 2), "--init-scheme", "normal"], "--init", "--init-scheme");
  fails(2, ["train", "--data", IRIS, "--init", join(dir, "nowhere.json")], "--init", "not found");
  fails(2, ["train", "--data", IRIS, "--init", file("bad.json", "{W1: oops")], "--init", "not valid JSON");
  const broken = JSON.stringify({ W1: [[1, 2]], B1: [0, 0], W2: [[1], [2]], B2: ["x"] });
  fails(2, ["train", "--data", IRIS, "--init", file("broken.json", broken)], "--init", "B2[0]");
  // Without --hidden the hidden size comes from the file.
  const run = trainJson("--data", IRIS, "--init", w(4, 3), "--epochs", "2");
  assert.equal(run.config.h, 3);
  assert.deepEqual(run.config.init, { file: join(dir, "w43.json") });
});

test("train writes config, weights and history; training lowers the test error on iris", () => {
  const run = trainJson("--data", IRIS, "--epochs", "300", "--seed", "4");
  const c = run.config;
  assert.equal(c.data, IRIS);
  assert.deepEqual(c.columns, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
  assert.deepEqual(c.test, { fraction: 0.2 });
  assert.deepEqual([c.trainRows, c.testRows, c.n, c.h, c.epochs, c.batchSize, c.seed], [120, 30, 4, 2, 300, 1, 4]);
  assert.equal(c.method, "backprop");
  assert.equal(c.shuffle, true);
  assert.ok(c.scaling && c.scaling.min.length === 4 && c.scaling.max.length === 4);
  // Matrices as nested arrays, W1 with n rows.
  assert.equal(run.weights.W1.length, 4);
  assert.equal(run.weights.W1[0].length, 2);
  assert.equal(run.weights.W2.length, 2);
  assert.equal(run.weights.B1.length, 2);
  assert.equal(run.weights.B2.length, 4);
  assert.equal(run.history.length, 301);
  assert.deepEqual(
    run.history.map((h) => h.epoch),
    Array.from({ length: 301 }, (_, i) => i),
  );
  const first = run.history[0];
  const last = run.history[300];
  assert.ok(first.testError !== null && last.testError !== null);
  assert.ok(last.testError < 0.25 * first.testError, `test error ${first.testError} → ${last.testError}`);
  assert.ok(last.trainError < 0.25 * first.trainError, `train error ${first.trainError} → ${last.trainError}`);
});

test("the same seed gives a bitwise-identical history; another seed does not", () => {
  const errors = (r: RunFile): (number | null)[][] => r.history.map((h) => [h.trainError, h.testError]);
  const args = ["--data", IRIS, "--epochs", "50", "--batch-size", "4"];
  const a = trainJson(...args, "--seed", "11");
  const b = trainJson(...args, "--seed", "11");
  const c = trainJson(...args, "--seed", "12");
  assert.deepEqual(errors(a), errors(b));
  assert.deepEqual(a.weights, b.weights);
  assert.notDeepEqual(errors(a), errors(c));
});

test("--init continues a run: its epoch 0 is the earlier run's last epoch", () => {
  const out = join(dir, "first.json");
  assert.equal(cli("train", "--quiet", "--data", IRIS, "--epochs", "20", "--seed", "2", "--out", out).code, 0);
  const first = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  const second = trainJson("--data", IRIS, "--epochs", "5", "--seed", "2", "--init", out);
  assert.equal(second.history[0].trainError, first.history[20].trainError);
  assert.equal(second.history[0].testError, first.history[20].testError);
});

test("--test, --columns, --no-scale, --no-shuffle and full-batch runs", () => {
  const train = file("tr.csv", "a,b,c,label\n0.1,0.2,0.3,x\n0.4,0.5,0.6,y\n0.7,0.8,0.2,z\n0.3,0.9,0.5,w\n");
  const test = file("te.csv", "c,b,a\n0.2,0.2,0.2\n0.6,0.6,0.6\n");
  const run = trainJson(
    "--data",
    train,
    "--test",
    test,
    "--columns",
    "a,c",
    "--no-scale",
    "--no-shuffle",
    "--epochs",
    "3",
  );
  assert.deepEqual(run.config.test, { file: test });
  assert.deepEqual(run.config.columns, ["a", "c"]);
  assert.deepEqual([run.config.trainRows, run.config.testRows, run.config.n], [4, 2, 2]);
  assert.equal(run.config.scaling, null);
  assert.equal(run.config.shuffle, false);
  const full = trainJson("--data", "data/surface.csv", "--no-scale", "--batch-size", "1000", "--epochs", "5");
  assert.equal(full.config.batchSize, 1000);
  assert.equal(full.history.length, 6);
});

test("--out is written atomically: failures leave an existing file alone and no temporary files behind", () => {
  const sub = join(dir, "out");
  mkdirSync(sub);
  const out = join(sub, "run.json");
  writeFileSync(out, "precious");
  fails(1, ["train", "--data", join(dir, "absent.csv"), "--out", out]);
  fails(2, ["train", "--data", IRIS, "--lr", "0", "--out", out]);
  assert.equal(readFileSync(out, "utf8"), "precious");
  fails(2, ["train", "--data", IRIS, "--out", sub], "--out", "directory");
  const r = cli("train", "--data", IRIS, "--epochs", "10", "--out", out);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "", "with --out nothing goes to stdout");
  assert.match(r.stderr, /^backprop-lab: 10 epochs of backprop .* wrote /, "a one-line summary without --quiet");
  assert.ok(!r.stderr.includes("\r"), "no progress bar when stderr is not a terminal");
  assert.equal((JSON.parse(readFileSync(out, "utf8")) as RunFile).history.length, 11);
  assert.deepEqual(readdirSync(sub), ["run.json"]);
});

test("a diverging run prints one line, still writes its history, and exits 1", () => {
  // Weights built to overflow: W2 = −1.7e308 is balanced by B2, so O2 = ½ at the start; one step with
  // η = 1e308 pushes W2 to −∞, and the next sample's α = W2 · 0 is NaN.
  const bomb = file(
    "bomb.json",
    JSON.stringify({ W1: [[0], [0]], B1: [0], W2: [[-1.7e308, -1.7e308]], B2: [0.85e308, 0.85e308] }),
  );
  const data = file("small.csv", "a,b\n0,0\n0.1,0.2\n0.2,0.1\n0.05,0\n");
  const out = join(dir, "diverged.json");
  const args = ["train", "--data", data, "--no-scale", "--init", bomb, "--lr", "1e308", "--epochs", "5", "--out", out];
  fails(1, args, "training diverged at epoch 1");
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  assert.equal(run.history.length, 2);
  assert.ok(Number.isFinite(run.history[0].trainError));
  assert.equal(run.history[1].trainError, null, "NaN is written as null");
  assert.match(run.error ?? "", /diverged/);
});

/** E for one sample, computed here from the weights without the library: the independent reference. */
function sampleError(
  w: { W1: Float64Array; B1: Float64Array; W2: Float64Array; B2: Float64Array },
  x: number[],
): number {
  const n = x.length;
  const h = w.B1.length;
  const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
  const O1 = Array.from({ length: h }, (_, j) => sigma(w.B1[j] + x.reduce((s, xi, i) => s + w.W1[i * h + j] * xi, 0)));
  let E = 0;
  for (let k = 0; k < n; k++) {
    const O2k = sigma(w.B2[k] + O1.reduce((s, o, j) => s + w.W2[j * n + k] * o, 0));
    E += (O2k - x[k]) ** 2;
  }
  return E;
}

interface Entry {
  shape: [number, number];
  value: number[] | number[][];
}
interface GradientsJson {
  x: number[];
  E: number;
  forward: Record<string, Entry>;
  factors: Record<string, Entry>;
  gradients: Record<string, Entry>;
}

test("gradients --json matches central finite differences of E, factor by factor", () => {
  const n = 3;
  const h = 2;
  const pj: ParamsJson = paramsToJson(initParams(n, h, new Rng(99), { scheme: "normal" }));
  const weights = file("g.json", JSON.stringify(pj));
  const x = [0.15, 0.8, 0.42];
  const r = cli("gradients", "--init", weights, "--x", x.join(","), "--json");
  assert.equal(r.code, 0, r.stderr);
  const g = JSON.parse(r.stdout) as GradientsJson;
  const w = {
    W1: Float64Array.from(pj.W1.flat()),
    B1: Float64Array.from(pj.B1),
    W2: Float64Array.from(pj.W2.flat()),
    B2: Float64Array.from(pj.B2),
  };
  const E = (): number => sampleError(w, x);
  expectClose(g.E, E(), { rtol: 1e-12, what: "E" });
  const tol = { rtol: 1e-6, atol: 1e-10 };
  const fd = (name: keyof typeof w): number[] => Array.from(w[name], (_, i) => centralDifference(E, w[name], i));
  const flat = (e: Entry): number[] => (e.value as (number | number[])[]).flat();
  assert.deepEqual(g.gradients.dE_dW1.shape, [3, 2]);
  assert.deepEqual(g.gradients.dE_dW2.shape, [2, 3]);
  assert.deepEqual(g.gradients.dE_dB1.shape, [2, 1]);
  assert.deepEqual(g.gradients.dE_dB2.shape, [3, 1]);
  expectClose(flat(g.gradients.dE_dW1), fd("W1"), { ...tol, what: "∂E/∂W1" });
  expectClose(flat(g.gradients.dE_dB1), fd("B1"), { ...tol, what: "∂E/∂B1" });
  expectClose(flat(g.gradients.dE_dW2), fd("W2"), { ...tol, what: "∂E/∂W2" });
  expectClose(flat(g.gradients.dE_dB2), fd("B2"), { ...tol, what: "∂E/∂B2" });
  // The shared factors: ∂E/∂I2 is ∂E/∂B2 and α = ∂E/∂I1 is ∂E/∂B1, both measured by finite differences.
  expectClose(flat(g.factors.dE_dI2), fd("B2"), { ...tol, what: "∂E/∂I2" });
  expectClose(flat(g.factors.alpha), fd("B1"), { ...tol, what: "α" });
  // The local factors, from an independent forward pass.
  const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
  const O1 = [0, 1].map((j) => sigma(pj.B1[j] + x.reduce((s, xi, i) => s + pj.W1[i][j] * xi, 0)));
  const O2 = [0, 1, 2].map((k) => sigma(pj.B2[k] + O1.reduce((s, o, j) => s + pj.W2[j][k] * o, 0)));
  expectClose(
    flat(g.factors.dE_dO2),
    O2.map((o, k) => 2 * (o - x[k])),
    { rtol: 1e-12, what: "∂E/∂O2" },
  );
  expectClose(
    flat(g.factors.dO2_dI2),
    O2.map((o) => o * (1 - o)),
    { rtol: 1e-12, what: "∂O2/∂I2" },
  );
  expectClose(
    flat(g.factors.dO1_dI1),
    O1.map((o) => o * (1 - o)),
    { rtol: 1e-12, what: "∂O1/∂I1" },
  );
  expectClose(flat(g.factors.dI2_dW2), O1, { rtol: 1e-12, what: "∂I2/∂W2" });
  expectClose(flat(g.factors.dI2_dO1), pj.W2.flat(), { rtol: 0, what: "∂I2/∂O1" });
  expectClose(flat(g.factors.dI1_dW1), x, { rtol: 0, what: "∂I1/∂W1" });
  expectClose(flat(g.forward.O2), O2, { rtol: 1e-12, what: "O2" });
});

test("gradients prints an aligned table with every factor, shape and gradient; a run file works as --init", () => {
  const out = join(dir, "run4.json");
  assert.equal(cli("train", "--quiet", "--data", IRIS, "--hidden", "3", "--epochs", "5", "--out", out).code, 0);
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  const x = [0.2, 0.4, 0.6, 0.8];
  const r = cli("gradients", "--init", out, "--x", x.join(","));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  const symbols = ["∂E/∂O2", "∂O2/∂I2", "∂E/∂I2", "∂I2/∂W2", "∂I2/∂O1", "∂O1/∂I1", "α", "∂I1/∂W1"];
  const shapes = ["4×1", "4×1", "4×1", "3×1", "3×4", "3×1", "3×1", "4×1"];
  symbols.forEach((s, i) => {
    const line = lines.find((l) => l.trimStart().startsWith(s + " "));
    assert.ok(line, `no line for ${s}`);
    assert.ok(line.includes(shapes[i]), `${s} should be ${shapes[i]}: ${line}`);
  });
  // ∂E/∂W1 (4×3) prints on four lines whose "[" line up; compare them with finite differences at 6 digits.
  const start = lines.findIndex((l) => l.trimStart().startsWith("∂E/∂W1 "));
  assert.ok(lines[start].includes("4×3"));
  const rows = lines.slice(start, start + 4);
  const bracket = rows[0].indexOf("[");
  for (const row of rows) assert.equal(row.indexOf("["), bracket, "matrix rows are aligned");
  const printed = rows.flatMap((row) =>
    row
      .slice(bracket + 1, row.indexOf("]"))
      .trim()
      .split(/\s+/)
      .map(Number),
  );
  const w = {
    W1: Float64Array.from(run.weights.W1.flat()),
    B1: Float64Array.from(run.weights.B1),
    W2: Float64Array.from(run.weights.W2.flat()),
    B2: Float64Array.from(run.weights.B2),
  };
  const fd = Array.from(w.W1, (_, i) => centralDifference(() => sampleError(w, x), w.W1, i));
  expectClose(printed, fd, { rtol: 1e-5, atol: 1e-9, what: "printed ∂E/∂W1" });
  const eLine = lines.find((l) => l.trimStart().startsWith("E "));
  assert.ok(eLine);
  expectClose(Number(eLine.trim().split(/\s+/).pop()), sampleError(w, x), { rtol: 1e-5, what: "printed E" });
});

test("gradients rejects a wrong --x and a missing --init with exit 2", () => {
  const weights = file("g3.json", JSON.stringify(paramsToJson(initParams(3, 2, new Rng(5)))));
  fails(2, ["gradients", "--init", weights, "--x", "0.1,0.2"], "--x", "2 values", "3 inputs");
  fails(2, ["gradients", "--init", weights, "--x", "0.1,zero,0.3"], "--x", "entry 2", '"zero"');
  fails(2, ["gradients", "--init", weights, "--x", "1e308,0,0"], "--x", "overflows");
  fails(2, ["gradients", "--init", weights], "--x is required");
  fails(2, ["gradients", "--x", "0.1,0.2,0.3"], "--init is required");
  fails(2, ["gradients", "--init", weights, "--x", "1,2,3", "--csv"], "unknown flag", '"--csv"');
});

test("synth writes the same bytes for the same flags and regenerates data/surface.csv exactly", () => {
  const a = join(dir, "a.csv");
  const b = join(dir, "b.csv");
  assert.equal(cli("synth", "--out", a, "--count", "50", "--noise", "0.05", "--seed", "3").code, 0);
  assert.equal(cli("synth", "--out", b, "--count", "50", "--noise", "0.05", "--seed", "3").code, 0);
  assert.equal(readFileSync(a, "utf8"), readFileSync(b, "utf8"));
  const text = readFileSync(a, "utf8").trimEnd().split("\n");
  assert.equal(text[0], "x1,x2,x3");
  assert.equal(text.length, 51);
  const shipped = join(dir, "surface.csv");
  assert.equal(cli("synth", "--out", shipped).code, 0);
  assert.equal(readFileSync(shipped, "utf8"), readFileSync(join(ROOT, "data", "surface.csv"), "utf8"));
  fails(2, ["synth", "--out", a, "--count", "0"], "--count");
  fails(2, ["synth", "--out", a, "--noise", "-1"], "--noise");
  fails(2, ["synth"], "--out is required");
  // A missing folder is a bad --out value, found before any work: exit 2, as for train.
  fails(2, ["synth", "--out", join(dir, "nope", "s.csv")], "--out", "s.csv", "does not exist");
  assert.ok(!existsSync(join(dir, "nope")));
});

test("the progress bar draws the notebooks' progress line on a terminal after its delay, cut to the width, and erases itself", () => {
  const rec = { epoch: 5, trainError: 0.123456, testError: 0.234567, seconds: 0 };
  const written: string[] = [];
  const tty = { isTTY: true, columns: 31, write: (s: string): boolean => written.push(s) > 0 };
  const quick = new ProgressBar(tty, "backprop", 10);
  quick.update(rec);
  quick.finish();
  assert.deepEqual(written, [], "a run shorter than the delay draws nothing");
  const bar = new ProgressBar(tty, "backprop", 10, 0, 0);
  bar.update(rec);
  bar.finish();
  // 30 characters of "backprop: epoch 5 of 10 · training error …": the terminal's width less one.
  assert.deepEqual(written, ["\rbackprop: epoch 5 of 10 · trai\x1b[K", "\r\x1b[K"]);
});

test("compactJson is JSON that parses back to the same value", () => {
  const value = { a: [1, [2, 3], { b: null, c: 's"q' }], d: { e: [] as number[], f: {} }, g: 1e-320, h: true };
  assert.deepEqual(JSON.parse(compactJson(value)), value);
  assert.equal(compactJson({ W1: [[1, 2]] }), '{\n  "W1": [\n    [1, 2]\n  ]\n}');
});

test("values too large to scale exit 1 with one line naming the file, line and column", () => {
  const smallTest = file("small-test.csv", "a,b\n0.2,0\n0.3,1\n");
  // b spans −1e308..1e308: max − min overflows to Infinity.
  const huge = file("huge.csv", "a,b\n0.1,1e308\n0.2,5\n0.3,-1e308\n");
  const line = fails(1, ["train", "--data", huge, "--test", smallTest], "huge.csv", "line 2", 'column "b"', "1e+308");
  assert.match(line, /too large to scale/);
  // The training range of b is 0..0.5; the test value 1.7e308 would scale to 3.4e308 = Infinity.
  const train = file("range.csv", "a,b\n0,0\n1,0.5\n0.5,0.25\n");
  const far = file("far.csv", "a,b\n0.5,0.1\n0.5,1.7e308\n");
  fails(1, ["train", "--data", train, "--test", far], "far.csv", "line 3", 'column "b"', "too large to scale");
  fails(1, ["train", "--data", file("e999.csv", "a,b\n1,2\n1e999,3\n")], "line 3", '"1e999" is not a number');
});

test("a one-row --test file is accepted; a header-only one and a one-row --data file are errors", () => {
  const train = file("tr1.csv", "a,b\n0.1,0.2\n0.3,0.4\n0.5,0.6\n");
  const one = file("te1.csv", "a,b\n0.2,0.3\n");
  const pj = paramsToJson(initParams(2, 2, new Rng(3), { scheme: "normal" }));
  const run = trainJson(
    "--data",
    train,
    "--test",
    one,
    "--init",
    file("w22.json", JSON.stringify(pj)),
    "--epochs",
    "2",
  );
  assert.deepEqual([run.config.trainRows, run.config.testRows], [3, 1]);
  // Epoch 0 is the initial weights; by hand a spans 0.1..0.5 and b 0.2..0.6, so (0.2, 0.3) scales to (0.25, 0.25).
  const w = {
    W1: Float64Array.from(pj.W1.flat()),
    B1: Float64Array.from(pj.B1),
    W2: Float64Array.from(pj.W2.flat()),
    B2: Float64Array.from(pj.B2),
  };
  expectClose(run.history[0].testError ?? NaN, sampleError(w, [0.25, 0.25]), { rtol: 1e-12, what: "test error" });
  fails(1, ["train", "--data", train, "--test", file("te0.csv", "a,b\n")], "te0.csv", "no data rows");
  fails(1, ["train", "--data", file("tr0.csv", "a,b\n0.1,0.2\n"), "--test", train], "tr0.csv", "only 1 data row");
});

test("gradients --raw scales --x with the run file's min and max; without scaling in the file it exits 2", () => {
  const out = join(dir, "run-raw.json");
  assert.equal(cli("train", "--quiet", "--data", IRIS, "--epochs", "5", "--out", out).code, 0);
  const { scaling } = (JSON.parse(readFileSync(out, "utf8")) as RunFile).config;
  assert.ok(scaling);
  const raw = [5.1, 3.5, 1.4, 0.2]; // the first flower of iris.csv, in centimetres
  const scaled = raw.map((v, j) => (v - scaling.min[j]) / (scaling.max[j] - scaling.min[j]));
  const json = (...args: string[]): GradientsJson => {
    const r = cli("gradients", "--init", out, "--json", ...args);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as GradientsJson;
  };
  const withRaw = json("--raw", "--x", raw.join(","));
  const byHand = json("--x", scaled.join(","));
  const flat = (e: Entry): number[] => (e.value as (number | number[])[]).flat();
  expectClose(withRaw.x, scaled, { rtol: 1e-12, what: "x the network sees" });
  expectClose(withRaw.E, byHand.E, { rtol: 1e-12, what: "E" });
  for (const name of ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"]) {
    expectClose(flat(withRaw.gradients[name]), flat(byHand.gradients[name]), { rtol: 1e-12, what: name });
  }
  // Without --raw the centimetres go in as they are, far outside [0, 1]: a different E.
  assert.ok(Math.abs(json("--x", raw.join(",")).E - withRaw.E) > 1e-3);

  const weights = file("plain.json", JSON.stringify(paramsToJson(initParams(4, 2, new Rng(5)))));
  fails(2, ["gradients", "--init", weights, "--raw", "--x", raw.join(",")], "--raw", "plain.json", "no scaling");
  const unscaled = join(dir, "run-noscale.json");
  const args = ["train", "--quiet", "--data", "data/surface.csv", "--no-scale", "--epochs", "1", "--out", unscaled];
  assert.equal(cli(...args).code, 0);
  fails(2, ["gradients", "--init", unscaled, "--raw", "--x", "0.1,0.2,0.3"], "--raw", "run-noscale.json", "no scaling");
});

test("the decimal-number pattern is defined once, in the data module, and number flags follow it", () => {
  const exponent = /\[eE\]\[\+-\]\?\\d\+/g;
  const hits = ["src/data/numeric-cell.ts", "src/cli/args.ts"].map(
    (f) => (readFileSync(join(ROOT, f), "utf8").match(exponent) ?? []).length,
  );
  assert.deepEqual(hits, [1, 0], "the number pattern is written out in numeric-cell.ts only");
  for (const s of [
    "3",
    "-0.5",
    ".5",
    "+1e-3",
    " 2 ",
    "1.",
    "0x10",
    "Infinity",
    "1e999",
    "1;5",
    "NaN",
    "",
    "e3",
    "1e",
  ]) {
    const cell = numericValue(s);
    let flag: number | null;
    try {
      flag = numberList("--x", s)[0];
    } catch {
      flag = null;
    }
    assert.equal(flag, Number.isNaN(cell) ? null : cell, `"${s}" as a flag value and as a CSV cell`);
  }
});

test("scripts/setup.sh stops at once on a Node older than 20.19 (or 22.0 to 22.11), naming the version", () => {
  // The script runs from a copy of the project's skeleton (it works on the folder above its own), with
  // stand-ins for node, npm, apt-get, sudo, dpkg-query and Python, so it touches neither the machine nor
  // this checkout's node_modules/ and .venv/.
  const project = join(dir, "setup-project");
  mkdirSync(join(project, "scripts"), { recursive: true });
  for (const f of ["scripts/setup.sh", "requirements.txt", "package-lock.json"])
    writeFileSync(join(project, f), readFileSync(join(ROOT, f)));
  const bin = join(dir, "fake-bin");
  mkdirSync(bin, { recursive: true });
  const calls = join(dir, "npm-calls.txt");
  const stub = (name: string, body: string): void =>
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  stub("npm", `echo "npm $*" >> "${calls}"; [ "$1" = ci ] && mkdir -p node_modules; exit 0`);
  stub("apt-get", "exit 1");
  stub("sudo", "exit 1");
  stub("dpkg-query", 'printf "install ok installed"');
  stub("python3", "exit 0");
  // A .venv that already matches requirements.txt, so setup leaves Python alone.
  mkdirSync(join(project, ".venv", "bin"), { recursive: true });
  writeFileSync(join(project, ".venv", "bin", "python"), "#!/bin/sh\n", { mode: 0o755 });
  const want = createHash("sha256")
    .update(readFileSync(join(project, "requirements.txt")))
    .digest("hex");
  writeFileSync(join(project, ".venv", "requirements.sha256"), `${want}\n`);
  const setup = (version: string): Result => {
    stub("node", `echo v${version}`);
    rmSync(calls, { force: true });
    rmSync(join(project, "node_modules"), { recursive: true, force: true });
    const r = spawnSync("bash", [join(project, "scripts", "setup.sh")], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  for (const version of ["18.20.4", "20.0.0", "20.18.3", "21.7.3", "22.11.0"]) {
    const r = setup(version);
    assert.equal(r.code, 1, `Node ${version}: exit ${r.code}\n${r.stdout}${r.stderr}`);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 1, `Node ${version}: ${r.stderr}`);
    assert.ok(lines[0].includes(`Node ${version}`) && lines[0].includes("20.19"), lines[0]);
    assert.ok(!existsSync(calls), `Node ${version}: npm must not run`);
  }
  for (const version of ["20.19.0", "20.20.2", "22.12.0", "24.1.0"]) {
    const r = setup(version);
    assert.equal(r.code, 0, `Node ${version}: exit ${r.code}\n${r.stderr}`);
    assert.equal(readFileSync(calls, "utf8"), "npm ci --no-audit --no-fund\n");
  }
});
