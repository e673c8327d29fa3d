import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCsvMatrix } from "../src/data/csv-matrix";
import { DataError } from "../src/data/data-error";
import { prepareDataset } from "../src/data/dataset";
import { syntheticSurface } from "../src/data/synthetic-surface";
import { type RunFile } from "../src/cli/run-file";
import { CLI, ROOT, cli, fails } from "./cli-run";
import { rejectionOf } from "./helpers";

/** Issue 15's input cases: "-" for standard input and output, streams without end, files that are not UTF-8 CSV. */
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-inputs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** `backprop-lab ARGS…` with `input` on its standard input, run in `cwd`. */
function withInput(
  input: string,
  cwd: string,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('"-" is standard input for --data, standard output for --out; no file named "-" appears', () => {
  const iris = readFileSync(join(ROOT, "data/iris.csv"), "utf8");
  const r = withInput(iris, dir, "train", "--data", "-", "--epochs", "2", "--quiet", "--out", "-");
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout) as RunFile;
  // The same rows as the file itself: 150 flowers, a fifth held out.
  assert.equal(run.config.trainRows + run.config.testRows, 150);
  assert.equal(run.history.length, 3);
  const fromFile = JSON.parse(cli("train", "--data", "data/iris.csv", "--epochs", "2", "--quiet").stdout) as RunFile;
  assert.deepEqual(
    run.history.map((h) => h.trainError),
    fromFile.history.map((h) => h.trainError),
  );
  const synth = withInput("", dir, "synth", "--out", "-", "--count", "3");
  assert.equal(synth.code, 0, synth.stderr);
  assert.match(synth.stderr, /to standard output/);
  const expected = file("three.csv", "");
  assert.equal(cli("synth", "--out", expected, "--count", "3").code, 0);
  assert.equal(synth.stdout, readFileSync(expected, "utf8"));
  assert.ok(!existsSync(join(dir, "-")), 'a file named "-" was written');
});

test("errors in standard input name it; two flags cannot both read it", () => {
  const r = withInput("a,b\n1,2\n3,x\n", dir, "train", "--data", "-");
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'backprop-lab: standard input, line 3, column "b": "x" is not a number\n');
  fails(
    2,
    ["train", "--data", "-", "--test", "-"],
    'only one of --data, --test and --init can read standard input ("-")',
  );
});

test("a Latin-1 file is named as not UTF-8 at its line, instead of reading as caf\uFFFD", () => {
  const latin1 = file("latin1.csv", Buffer.from("x,y\n1,2\n3,4\ncaf\xe9,5\n", "latin1"));
  fails(1, ["train", "--data", latin1], latin1, "line 4", "is not UTF-8 text");
  const header = file("header.csv", Buffer.from("caf\xe9,y\n1,2\n3,4\n", "latin1"));
  fails(1, ["train", "--data", header], "line 1", "is not UTF-8 text");
});

test("a semicolon-separated file gets a hint that the separator must be a comma", () => {
  const decimalComma = file("semi.csv", "a;b;c\n1,5;2;3\n4;5,5;6\n");
  fails(1, ["train", "--data", decimalComma], "line 2", "2 fields, but the header has 1", "separator must be a comma");
  const plain = file("semi2.csv", "a;b;c\n1;2;3\n4;5;6\n");
  fails(1, ["train", "--data", plain], "no column holds only numbers", 'the header is separated by ";"');
});

test("an endless stream as data is stopped at the memory budget, like a file too large", async () => {
  const fifo = join(dir, "endless");
  execFileSync("mkfifo", [fifo]);
  const writer = spawn("sh", ["-c", `{ echo a,b; yes 1,2; } > '${fifo}'`], { stdio: "ignore" });
  const e = await rejectionOf(() => readCsvMatrix(fifo, { memoryBudget: 8 << 20 }));
  writer.kill();
  await new Promise((resolve) => writer.on("exit", resolve));
  assert.ok(e instanceof DataError && /endless: about \d+ rows of 2 numbers would need/.test(e.message), String(e));
});

test("the library refuses seeds the generator would silently change (NaN, 2³², 1.5, −1), naming the seed", async () => {
  for (const seed of [NaN, 2 ** 32, 1.5, -1]) {
    const expected = new RegExp(`seed must be an integer from 0 to 4294967295, got ${seed}$`);
    await assert.rejects(prepareDataset({ data: join(ROOT, "data/iris.csv"), seed }), expected);
    assert.throws(() => syntheticSurface({ seed }), expected);
  }
});
