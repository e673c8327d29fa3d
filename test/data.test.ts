import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  mkdtempSync,
  writeFileSync,
  readFileSync,
  readdirSync,
  mkdirSync,
  existsSync,
  rmSync,
  chmodSync,
} from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromRows, toRows } from "../src/linalg/matrix";
import { DataError } from "../src/data/data-error";
import { readCsvMatrix } from "../src/data/csv-matrix";
import { loadCsv } from "../src/data/load-csv";
import { danfo } from "../src/data/danfo";
import { splitRows } from "../src/data/split";
import { fitMinMax, applyMinMax, invertMinMax } from "../src/data/min-max-scaling";
import { prepareDataset } from "../src/data/dataset";
import { syntheticSurface } from "../src/data/synthetic-surface";
import { AtomicFile } from "../src/data/atomic-write";
import { readTextFile } from "../src/data/text-file";
import { expectClose, rejectionOf } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "backprop-lab-data-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
/** A CSV file with this text in a fresh temporary folder. */
function csv(text: string, name = `f${++fileCount}.csv`): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Asserts that `f` throws (or rejects with) a one-line DataError whose message contains every given fragment. */
async function throwsDataError(f: () => unknown, ...fragments: string[]): Promise<DataError> {
  const caught = await rejectionOf(f);
  assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
  assert.ok(!caught.message.includes("\n"), `message is not one line: ${caught.message}`);
  for (const s of fragments) assert.ok(caught.message.includes(s), `"${caught.message}" does not mention ${s}`);
  return caught;
}

test("iris.csv holds Fisher's 150 flowers with the well-known values", async () => {
  const d = await readCsvMatrix("data/iris.csv");
  // The text column "species" is left out by default.
  assert.deepEqual(d.columns, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
  assert.equal(d.X.rows, 150);
  const rows = toRows(d.X);
  assert.deepEqual(rows[0], [5.1, 3.5, 1.4, 0.2]);
  assert.deepEqual(rows[50], [7.0, 3.2, 4.7, 1.4]);
  assert.deepEqual(rows[100], [6.3, 3.3, 6.0, 2.5]);
  assert.deepEqual(rows[149], [5.9, 3.0, 5.1, 1.8]);
  // Column means as published for Fisher's data (R: colMeans(iris[1:4])).
  const means = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j], 0) / 150);
  expectClose(means, [5.843333, 3.057333, 3.758, 1.199333], { atol: 1e-6, what: "column means" });
  assert.equal(d.lines[0], 2, "the first data row is line 2 of the file");
});

test("loadCsv gives a danfojs DataFrame that agrees with the Matrix, and TF.js is in quiet (prod) mode", async () => {
  const d = await loadCsv("data/iris.csv");
  assert.deepEqual(d.frame.shape, [150, 5]);
  assert.deepEqual(d.frame.columns, ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]);
  // danfojs parses the file with PapaParse: an independent reader of the same bytes.
  const fromFrame = (d.frame.values as unknown[][]).map((r) => r.slice(0, 4) as number[]);
  assert.deepEqual(fromFrame, toRows(d.X));
  const dfd = danfo();
  assert.equal(dfd.tensorflow.env().getBool("PROD"), true);
});

test("missing, empty and header-only files are named in the error", async () => {
  await throwsDataError(() => readCsvMatrix(join(dir, "nope.csv")), "nope.csv", "not found");
  await throwsDataError(() => readCsvMatrix(csv("")), "is empty");
  await throwsDataError(() => readCsvMatrix(csv("\n  \n")), "is empty");
  await throwsDataError(() => readCsvMatrix(csv("a,b,c\n")), "header but no data rows");
  await throwsDataError(() => readCsvMatrix(dir), "directory");
});

test("a ragged row is reported with its line number in the file", async () => {
  const file = csv("a,b,c\n1,2,3\n4,5\n6,7,8\n");
  const e = await throwsDataError(() => readCsvMatrix(file), file, "line 3", "2 fields", "header has 3");
  assert.equal(e.line, 3);
  // Blank lines are skipped (as danfojs does) but still counted, so line numbers stay those of the file.
  await throwsDataError(() => readCsvMatrix(csv("a,b\n\n1,2\n\n3,4,5\n")), "line 5");
});

test("non-numeric, blank and NaN cells name the line and the column", async () => {
  const text = csv("a,b,c\n1,2,3\n4,x5,6\n7,8,9\n");
  const e = await throwsDataError(() => readCsvMatrix(text), text, "line 3", 'column "b"', '"x5" is not a number');
  assert.equal(e.column, "b");
  await throwsDataError(() => readCsvMatrix(csv("a,b,c\n1,2,3\n4,5,6\n7,8,\n")), "line 4", 'column "c"', "blank cell");
  await throwsDataError(() => readCsvMatrix(csv("a,b,c\n1,2,3\n4,NaN,6\n7,8,9\n")), "line 3", 'column "b"', "NaN");
  await throwsDataError(() => readCsvMatrix(csv("a,b\n1,2\nInfinity,3\n")), "line 3", 'column "a"', "not a number");
  await throwsDataError(() => readCsvMatrix(csv("a,b\n1,2\n0x10,3\n")), "line 3", 'column "a"', "not a number");
  // An explicitly chosen text column is an error at its first cell.
  await throwsDataError(() => readCsvMatrix(csv("a,s\n1,u\n2,v\n"), { columns: ["a", "s"] }), "line 2", 'column "s"');
});

test("each cell becomes the double its decimal text names, spaces and quotes aside", async () => {
  const d = await readCsvMatrix(csv('x,y\n0.1,-2.5e-3\n 1e300 ,"+.5"\r\n-0,7.\n'));
  // Written as JavaScript literals: the same decimal-to-double rounding, independent of the reader.
  assert.deepEqual(Array.from(d.X.data), [0.1, -0.0025, 1e300, 0.5, -0, 7]);
  assert.ok(Object.is(d.X.data[4], -0), "-0 stays negative zero");
});

test("default columns: all-numeric columns are used, text columns skipped, partly numeric ones are errors", async () => {
  const d = await readCsvMatrix(csv("name,a,b\nx,1,2\ny,3,4\n"));
  assert.deepEqual(d.columns, ["a", "b"]);
  assert.deepEqual(toRows(d.X), [
    [1, 2],
    [3, 4],
  ]);
  await throwsDataError(() => readCsvMatrix(csv("a,b\n1,2\n3,oops\n5,6\n")), "line 3", 'column "b"', '"oops"');
  await throwsDataError(() => readCsvMatrix(csv("s,t\nu,v\nw,x\n")), "no column holds only numbers");
});

test("fewer than 2 training rows, unknown columns, repeated and empty header names are errors", async () => {
  const one = csv("a,b\n1,2\n");
  await throwsDataError(() => prepareDataset({ data: one }), one, "only 1 data row", "at least 2");
  const f = csv("a,b\n1,2\n3,4\n");
  await throwsDataError(() => readCsvMatrix(f, { columns: ["a", "zz"] }), f, 'unknown column "zz"', "a, b");
  await throwsDataError(() => readCsvMatrix(f, { columns: ["a", "a"] }), 'column "a" is chosen twice');
  await throwsDataError(() => readCsvMatrix(csv("a,a\n1,2\n3,4\n")), "line 1", '"a" appears twice');
  await throwsDataError(
    () => readCsvMatrix(csv("a,,c\n1,2,3\n3,4,5\n")),
    "line 1",
    "column 2 of the header has no name",
  );
});

test("quoted fields, CRLF line ends, a byte-order mark and spaces are read like any CSV reader does", async () => {
  const d = await readCsvMatrix(csv('\uFEFF"a","b, quoted"\r\n 1 ,"2"\r\n"3",4\r\n'));
  assert.deepEqual(d.columns, ["a", "b, quoted"]);
  assert.deepEqual(toRows(d.X), [
    [1, 2],
    [3, 4],
  ]);
  // A quoted field spanning lines still leaves later line numbers right.
  await throwsDataError(() => readCsvMatrix(csv('a,s\n1,"two\nlines"\n2,x\n3,"open\n')), "line 5", "never closed");
  await throwsDataError(() => readCsvMatrix(csv('a,s\n1,"two\nlines"\n2,x\n'), { columns: ["a", "s"] }), "line 2");
});

test("the split is deterministic, disjoint, covers every row and depends on the seed", () => {
  for (const [count, fraction] of [
    [150, 0.2],
    [2, 0.5],
    [10, 0.01],
    [10, 0.99],
    [37, 1 / 3],
  ]) {
    const a = splitRows(count, fraction, 7);
    const b = splitRows(count, fraction, 7);
    assert.deepEqual(a, b);
    const expectedTest = Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
    assert.equal(a.test.length, expectedTest, `test rows for ${count} × ${fraction}`);
    const all = [...a.train, ...a.test].sort((x, y) => x - y);
    assert.deepEqual(
      all,
      Array.from({ length: count }, (_, i) => i),
    );
    for (const part of [a.train, a.test]) {
      for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i], "rows stay in file order");
    }
  }
  assert.notDeepEqual(splitRows(150, 0.2, 7).test, splitRows(150, 0.2, 8).test);
});

test("min-max scaling maps the training rows to exactly [0, 1] and its inverse round-trips", async () => {
  // By hand: column a spans 1..3, column b spans −10..30.
  const train = fromRows([
    [1, -10],
    [3, 30],
    [2, 0],
  ]);
  const s = fitMinMax(train, ["a", "b"], "t.csv");
  assert.deepEqual(s, { columns: ["a", "b"], min: [1, -10], max: [3, 30] });
  expectClose(
    applyMinMax(s, train),
    fromRows([
      [0, 0],
      [1, 1],
      [0.5, 0.25],
    ]),
    { rtol: 1e-15 },
  );
  // A test value beyond the training range lands outside [0, 1], by design.
  expectClose(applyMinMax(s, fromRows([[4, -20]])), fromRows([[1.5, -0.25]]), { rtol: 1e-15 });

  const iris = (await readCsvMatrix("data/iris.csv")).X;
  const fit = fitMinMax(iris, ["a", "b", "c", "d"], "iris");
  const scaled = applyMinMax(fit, iris);
  for (let j = 0; j < 4; j++) {
    const col = Array.from({ length: iris.rows }, (_, r) => scaled.data[r * 4 + j]);
    assert.equal(Math.min(...col), 0, `column ${j} min`);
    assert.equal(Math.max(...col), 1, `column ${j} max`);
  }
  expectClose(invertMinMax(fit, scaled), iris, { rtol: 1e-14, what: "inverse" });
  await throwsDataError(
    () =>
      fitMinMax(
        fromRows([
          [1, 2],
          [1, 3],
        ]),
        ["k", "v"],
        "c.csv",
      ),
    "c.csv",
    'column "k"',
    "divide by zero",
  );
});

test("prepareDataset fits the scaling on the training rows only", async () => {
  const d = await prepareDataset({ data: "data/iris.csv", seed: 3 });
  assert.equal(d.train.rows + d.test.rows, 150);
  assert.equal(d.test.rows, 30);
  const scaling = d.scaling;
  assert.ok(scaling);
  for (let j = 0; j < 4; j++) {
    const col = Array.from({ length: d.rawTrain.rows }, (_, r) => d.rawTrain.data[r * 4 + j]);
    assert.equal(scaling.min[j], Math.min(...col));
    assert.equal(scaling.max[j], Math.max(...col));
  }
  // Same seed, same split and scaling.
  assert.deepEqual((await prepareDataset({ data: "data/iris.csv", seed: 3 })).testLines, d.testLines);
  // Each test row is the file row its line says it is.
  const all = await readCsvMatrix("data/iris.csv");
  d.testLines.forEach((line, r) => {
    const fileRow = all.lines.indexOf(line);
    expectClose(d.rawTest.data.subarray(r * 4, r * 4 + 4), all.X.data.subarray(fileRow * 4, fileRow * 4 + 4));
  });
});

test("a separate test file uses the data file's columns; unscaled data must lie in [0, 1]", async () => {
  const train = csv("x,y,label\n0.1,0.2,a\n0.3,0.4,b\n0.5,0.9,c\n");
  const test = csv("y,x\n0.25,0.15\n0.5,0.5\n");
  const d = await prepareDataset({ data: train, test: { file: test }, scale: false });
  assert.equal(d.scaling, null);
  assert.deepEqual(toRows(d.test), [
    [0.15, 0.25],
    [0.5, 0.5],
  ]);
  await throwsDataError(
    () => prepareDataset({ data: train, test: { file: csv("x\n0.1\n0.2\n") } }),
    'unknown column "y"',
  );
  const outside = csv("y,x\n0.25,0.15\n0.5,1.25\n");
  await throwsDataError(
    () => prepareDataset({ data: train, test: { file: outside }, scale: false }),
    outside,
    "line 3",
    'column "x"',
    "1.25 is outside [0, 1]",
  );
  await throwsDataError(
    () => prepareDataset({ data: "data/iris.csv", scale: false }),
    "data/iris.csv",
    "line 2",
    "outside",
  );
  const constant = csv("a,b\n1,0.1\n1,0.2\n1,0.3\n");
  await throwsDataError(
    () => prepareDataset({ data: constant, test: { fraction: 0.3 } }),
    constant,
    'column "a"',
    "divide by zero",
  );
});

test("the synthetic surface is seeded, inside [0, 1]³ and within the noise of x3 = 0.15 + 0.35(x1² + x2²)", () => {
  const a = syntheticSurface({ count: 500, noise: 0.02, seed: 5 });
  assert.deepEqual(a, syntheticSurface({ count: 500, noise: 0.02, seed: 5 }));
  assert.notDeepEqual(a, syntheticSurface({ count: 500, noise: 0.02, seed: 6 }));
  let sumSq = 0;
  for (const [x1, x2, x3] of toRows(a)) {
    for (const v of [x1, x2, x3]) assert.ok(v >= 0 && v <= 1, `${v} is outside [0, 1]`);
    const residual = x3 - (0.15 + 0.35 * (x1 * x1 + x2 * x2));
    assert.ok(Math.abs(residual) < 0.02 * 6, `residual ${residual} is beyond 6 noise deviations`);
    sumSq += residual * residual;
  }
  // The noise has standard deviation 0.02: the sample RMS of 500 residuals is within 15% of it.
  expectClose(Math.sqrt(sumSq / 500), 0.02, { rtol: 0.15, what: "residual RMS" });
  const flat = syntheticSurface({ count: 50, noise: 0, seed: 5 });
  for (const [x1, x2, x3] of toRows(flat)) expectClose(x3, 0.15 + 0.35 * (x1 * x1 + x2 * x2), { rtol: 1e-15 });
});

test("readTextFile reads a file or a FIFO whole, without a byte-order mark, and stops at a NUL byte or a size", async () => {
  assert.equal(readTextFile(csv('\uFEFF{"a": 1}\n')), '{"a": 1}\n');
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  const writer = spawn("sh", ["-c", `printf 'from a FIFO' > '${fifo}'`], { stdio: "ignore" });
  assert.equal(readTextFile(fifo), "from a FIFO");
  await new Promise((resolve) => writer.on("exit", resolve));
  // /dev/zero would never end: its first piece holds a NUL byte.
  assert.throws(() => readTextFile("/dev/zero"), /^Error: holds a NUL byte: not a text file$/);
  assert.throws(() => readTextFile(csv("x".repeat(100)), 99), /^Error: is larger than 99 bytes$/);
  assert.equal(readTextFile(csv("x".repeat(99)), 99).length, 99);
  assert.throws(() => readTextFile(join(dir, "nope.json")), /^Error: file not found$/);
  assert.throws(() => readTextFile(dir), /^Error: is a directory$/);
  const locked = csv("secret");
  chmodSync(locked, 0);
  // Root reads any file: the reason is checked only where the permission holds.
  if (process.getuid?.() !== 0) assert.throws(() => readTextFile(locked), /^Error: permission denied$/);
});

/** The whole content through AtomicFile, as the CLI writes a file. */
function writeFileAtomic(file: string, content: string): void {
  const f = new AtomicFile(file);
  f.write(content);
  f.commit();
}

test("AtomicFile replaces a file whole, and a failed write leaves no file and no temporary behind", () => {
  const sub = join(dir, "atomic");
  mkdirSync(sub);
  const target = join(sub, "out.json");
  writeFileAtomic(target, "first");
  writeFileAtomic(target, "second");
  assert.equal(readFileSync(target, "utf8"), "second");
  assert.deepEqual(readdirSync(sub), ["out.json"]);

  assert.throws(
    () => writeFileAtomic(join(sub, "missing", "x.json"), "x"),
    /cannot write .*x\.json: its folder does not exist/,
  );
  mkdirSync(join(sub, "adir"));
  assert.throws(() => writeFileAtomic(join(sub, "adir"), "x"), /cannot write .*adir/);
  assert.ok(existsSync(join(sub, "adir")));
  assert.deepEqual(readdirSync(sub).sort(), ["adir", "out.json"], "no temporary file is left behind");
  assert.equal(readFileSync(target, "utf8"), "second");
});

test("a one-row test file is enough; the training file still needs 2 rows and a test file at least 1", async () => {
  const train = csv("x,y\n1,10\n3,30\n2,20\n");
  const one = csv("x,y\n2.5,15\n");
  const d = await prepareDataset({ data: train, test: { file: one } });
  assert.equal(d.test.rows, 1);
  assert.deepEqual(Array.from(d.testLines), [2]);
  // By hand: x spans 1..3, y spans 10..30, so (2.5, 15) scales to (1.5/2, 5/20).
  expectClose(d.test, fromRows([[0.75, 0.25]]), { rtol: 1e-15, what: "scaled test row" });
  const headerOnly = csv("x,y\n");
  await throwsDataError(() => prepareDataset({ data: train, test: { file: headerOnly } }), headerOnly, "no data rows");
  const blankOnly = csv("x,y\n , \n\n");
  await throwsDataError(() => prepareDataset({ data: train, test: { file: blankOnly } }), blankOnly, "no data rows");
  await throwsDataError(
    () => prepareDataset({ data: one, test: { file: train } }),
    one,
    "only 1 data row",
    "at least 2",
  );
});

test("a test value that scales to a finite number beyond 1e100 is refused; 1e50 is accepted", async () => {
  // (1e20 − 0) / (1e-90 − 0) = 1e110: finite, but its squared error could overflow before the first update.
  const narrow = csv("x,y\n0,0\n1e-90,1\n");
  const far = csv("x,y\n0,0.5\n1e20,0.5\n");
  await throwsDataError(
    () => prepareDataset({ data: narrow, test: { file: far } }),
    far,
    "line 3",
    'column "x"',
    "too large to scale",
  );
  const unit = csv("x,y\n0,0\n1,1\n");
  const d = await prepareDataset({ data: unit, test: { file: csv("x,y\n1e50,0.5\n") } });
  assert.deepEqual(toRows(d.test), [[1e50, 0.5]]);
});

test("numbers too large for a double (1e999, -1e999) are not numbers", async () => {
  await throwsDataError(
    () => readCsvMatrix(csv("a,b\n1,2\n1e999,3\n")),
    "line 3",
    'column "a"',
    '"1e999" is not a number',
  );
  await throwsDataError(() => readCsvMatrix(csv("a,b\n1,-1e999\n2,3\n")), "line 2", 'column "b"', "not a number");
});

test("a range that overflows, or a test value that scales to Infinity, is a DataError naming file, line and column", async () => {
  // max − min = 1e308 − (−1e308) is beyond the largest double (≈1.8e308): every scaled value would be 0 or NaN.
  const huge = csv("a,b\n0.1,1e308\n0.2,5\n0.3,-1e308\n");
  const separate = csv("a,b\n0.2,0\n0.3,1\n");
  await throwsDataError(
    () => prepareDataset({ data: huge, test: { file: separate } }),
    huge,
    "line 2",
    'column "b"',
    "1e+308",
    "too large to scale",
  );
  await throwsDataError(
    () =>
      fitMinMax(
        fromRows([
          [1, -1.5e308],
          [2, 1e308],
        ]),
        ["k", "v"],
        "f.csv",
        [7, 9],
      ),
    "f.csv",
    "line 7",
    'column "v"',
    "-1.5e+308",
    "too large to scale",
  );
  // Training range 0..0.5 is fine, but the test value 1.7e308 scales to 3.4e308 = Infinity.
  const train = csv("a,b\n0,0\n1,0.5\n0.5,0.25\n");
  const far = csv("a,b\n0.5,0.1\n0.5,1.7e308\n");
  await throwsDataError(
    () => prepareDataset({ data: train, test: { file: far } }),
    far,
    "line 3",
    'column "b"',
    "1.7e+308",
    "too large to scale",
  );
  // Split off the data file instead: a seed that puts line 4 (1.7e308) into the test set; the message names its line.
  const mixed = csv("a,b\n0,0\n1,0.5\n0.5,1.7e308\n0.5,0.25\n0.2,0.1\n");
  const seed = [...Array(50).keys()].find((s) => Array.from(splitRows(5, 0.2, s).test).includes(2));
  assert.ok(seed !== undefined);
  await throwsDataError(
    () => prepareDataset({ data: mixed, seed }),
    mixed,
    "line 4",
    'column "b"',
    "too large to scale",
  );
});
