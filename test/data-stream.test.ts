import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { forEachCsvRecord, MAX_RECORD_BYTES } from "../src/data/csv-records";
import { readCsvMatrix } from "../src/data/csv-matrix";
import { DataError } from "../src/data/data-error";
import { quote, QUOTE_MAX_CHARS } from "../src/format/quote";
import { numericValue, describeBadCell } from "../src/data/numeric-cell";
import { rejectionOf } from "./helpers";

/** The streaming CSV reader and the quoting of user text in messages (issue 7). */
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function* piecesOf(pieces: Buffer[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield piece;
}

/** The header and records (as [line, fields]) the reader gives when the file's bytes arrive in these pieces. */
async function records(pieces: (string | Buffer)[]): Promise<[number, string[]][]> {
  const out: [number, string[]][] = [];
  const handler = {
    header: (names: string[]) => void out.push([1, names]),
    row: (fields: string[], line: number) => void out.push([line, fields]),
  };
  await forEachCsvRecord("f.csv", handler, piecesOf(pieces.map((p) => Buffer.from(p))));
  return out;
}

/** The records, or the error's message. */
async function outcome(pieces: Buffer[]): Promise<unknown> {
  try {
    return await records(pieces);
  } catch (e) {
    return (e as Error).message;
  }
}

test("the reader gives the same records, or the same error, however the bytes are cut into pieces", async () => {
  // Bytes that matter to the parser, the line count and the UTF-8 check: quotes, separators, line ends,
  // characters of two, three and four bytes (a byte-order mark among them), a Latin-1 "é" and the halves of
  // a four-byte character (not UTF-8 alone), and a NUL byte, cut at arbitrary points.
  const alphabet = fc.constantFrom(
    ...["a", "1", " ", ",", '"', "\n", "\r", "\r\n", "é", "\uFEFF", "😀"].map((s) => Buffer.from(s)),
    ...[[0xe9], [0xf0, 0x9f], [0x98, 0x80], [0]].map((b) => Buffer.from(b)),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(alphabet, { maxLength: 40 }),
      fc.array(fc.nat(80), { maxLength: 6 }),
      async (parts, cuts) => {
        const bytes = Buffer.concat(parts);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
        assert.deepEqual(await outcome(pieces), await outcome([bytes]), JSON.stringify(pieces.map(String)));
      },
    ),
    { numRuns: 1000 },
  );
});

test("quoted fields with separators, escaped quotes and line ends, read by hand", async () => {
  // Lines: 1 header, 2–3 the record whose last field spans two lines (a \r\n inside quotes is one line end),
  // 4 blank, 5–7 a field over three lines (\r, then \n), 8 the last record, without a line end.
  const text = 'a,"b, c",d\n1,"say ""hi""","two\r\nlines"\r\n\n2,"x\ry\nz",3\r\n 4 , "5" ,6';
  assert.deepEqual(await records([text]), [
    [1, ["a", "b, c", "d"]],
    [2, ["1", 'say "hi"', "two\r\nlines"]],
    [5, ["2", "x\ry\nz", "3"]],
    [8, ["4", "5", "6"]],
  ]);
  const file = join(dir, "q.csv");
  writeFileSync(file, 'x,"y"\n1,"2"\n\n3 , "4" \n');
  const m = await readCsvMatrix(file);
  assert.deepEqual(Array.from(m.X.data), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(m.lines), [2, 4]);
});

test("an open quote is blamed on the line it opened on, whatever the line ends", async () => {
  for (const eol of ["\n", "\r\n", "\r"]) {
    const text = ["a,s", '1,"two', 'lines"', "2,x", '3,"open', "more", "lines"].join(eol);
    const e = await rejectionOf(() => records([text]));
    assert.ok(e instanceof DataError && e.line === 5 && /never closed/.test(e.message), `${JSON.stringify(eol)}: ${e}`);
  }
});

test("the first problem in the file is the one named, a bad byte included", async () => {
  const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");
  const first = async (text: Buffer): Promise<string> => String(await rejectionOf(() => records([text])));
  // A ragged row before a stray quote that csv-parse finds in the same piece, and after it.
  assert.match(await first(Buffer.from('x,y\n1,2\n3\n4,5"\n')), /line 3: 1 fields/);
  assert.match(await first(Buffer.from('x,y\n1,2\n4,5"\n3\n')), /line 3: a quote inside an unquoted field/);
  // A ragged row before a Latin-1 byte, and after it.
  assert.match(await first(latin1("x,y\n1,2\n3\ncaf\xe9,5\n")), /line 3: 1 fields/);
  assert.match(await first(latin1("x,y\n1,2\ncaf\xe9,5\n3\n")), /line 3: is not UTF-8 text \(saved as Latin-1/);
  // A bad byte is blamed on the record that holds it (on its first line), before anything else in it.
  assert.match(await first(Buffer.from("a,b,c\n1,2,3\n4,\0\n")), /line 3: holds a NUL byte/);
  assert.match(await first(Buffer.from('a,b\n1,"x\n\0"\n')), /line 2: holds a NUL byte/);
  assert.match(await first(latin1('a,b\n1,"x\n\xe9"\n')), /line 2: is not UTF-8 text/);
  // A character cut off by the end of the file.
  assert.match(await first(Buffer.from([...Buffer.from("a\n1\n2"), 0xe2, 0x82])), /line 3: is not UTF-8/);
  // U+FFFD written as UTF-8 is a character like any other (it is what the reader makes of a bad byte).
  assert.deepEqual(await records(["a,s\n1,\uFFFD\n"]), [
    [1, ["a", "s"]],
    [2, ["1", "\uFFFD"]],
  ]);
});

test("a line without end is one clear error instead of growing memory, and so is a quote never closed", async () => {
  const endless = async function* (start: string, block: string): AsyncGenerator<Buffer> {
    yield Buffer.from(start);
    for (;;) yield Buffer.from(block);
  };
  const nines = "9".repeat(1 << 20);
  const e = await rejectionOf(() => forEachCsvRecord("f.csv", { header() {}, row() {} }, endless("a\n", nines)));
  assert.ok(e instanceof DataError && e.line === 2, String(e));
  assert.match(e.message, new RegExp(`line 2: the line is longer than ${MAX_RECORD_BYTES} bytes`));
  const rows = "1,2\n".repeat(1 << 18);
  const q = await rejectionOf(() => forEachCsvRecord("f.csv", { header() {}, row() {} }, endless('a,b\n1,"2\n', rows)));
  assert.ok(q instanceof DataError && q.line === 2 && /a quoted field is never closed/.test(q.message), String(q));
});

test("rows that would take more than the memory budget are refused while reading, naming the file", async () => {
  const big = join(dir, "big.csv");
  writeFileSync(big, `a,b,c\n${"1,2,3\n".repeat(5000)}`);
  // 24 · 3 + 20 = 92 bytes a row: 4096 rows (the array's size when it first doubles past 2048) pass 300 kB.
  const e = await rejectionOf(() => readCsvMatrix(big, { memoryBudget: 300_000 }));
  assert.ok(e instanceof DataError && /big\.csv: about 4096 rows of 3 numbers would need/.test(e.message), String(e));
  const fits = await readCsvMatrix(big, { memoryBudget: 10_000_000 });
  assert.equal(fits.X.rows, 5000);
});

test("a column is numeric when its first cell is; a mixed column is an error at its first non-number", async () => {
  const f = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const late = await rejectionOf(() => readCsvMatrix(f("late.csv", "a,b\n1,2\n3,4\n5,oops\n")));
  assert.ok(late instanceof DataError && late.line === 4 && late.column === "b", String(late));
  const early = await rejectionOf(() => readCsvMatrix(f("early.csv", "a,b\n1,n/a\n3,4\n")));
  assert.ok(early instanceof DataError && early.line === 2 && early.column === "b", String(early));
  const text = await readCsvMatrix(f("text.csv", "a,name\n1,x\n3,y\n"));
  assert.deepEqual(text.columns, ["a"]);
});

test("quote escapes control characters and shortens long text with an ellipsis", () => {
  assert.equal(quote("sepal_length"), '"sepal_length"');
  assert.equal(quote("\x1b[2Jfake\r\n\t\x07"), '"\\e[2Jfake\\r\\n\\t\\u{7}"');
  assert.equal(quote("a\u202Eb"), '"a\\u{202e}b"', "a right-to-left override would reorder the terminal");
  const long = quote("x".repeat(1000));
  assert.equal(long, `"${"x".repeat(QUOTE_MAX_CHARS - 1)}…"`);
  assert.equal(
    quote("y".repeat(QUOTE_MAX_CHARS)),
    `"${"y".repeat(QUOTE_MAX_CHARS)}"`,
    "text at the limit is kept whole",
  );
  assert.ok(quote("\x1b".repeat(500)).length < 2 * QUOTE_MAX_CHARS, "escapes count toward the limit");
});

test("numericValue reads plain decimals only; describeBadCell says why a cell is not one", () => {
  const numbers: [string, number][] = [
    ["3", 3],
    [" -0.5 ", -0.5],
    [".5", 0.5],
    ["+1e-3", 0.001],
    ["1.", 1],
    ["-0", -0],
    ["1.7e308", 1.7e308],
  ];
  for (const [raw, value] of numbers) assert.ok(Object.is(numericValue(raw), value), `"${raw}" is ${value}`);
  for (const raw of ["0x10", " 0x10 ", "Infinity", "1e999", "-1e999", "NaN", "", " ", "e3", "1e", "1,5", "."]) {
    assert.ok(Number.isNaN(numericValue(raw)), `"${raw}" is not a number`);
  }
  assert.equal(describeBadCell("  "), "blank cell, a number is needed");
  assert.equal(describeBadCell(" -nan"), "NaN cell, a number is needed");
  assert.equal(describeBadCell(" 1e999 "), '"1e999" is not a number');
});
