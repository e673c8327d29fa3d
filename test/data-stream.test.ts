import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync, openSync, writeSync, closeSync, truncateSync } from "node:fs";
import { tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { CsvPieces, MAX_RECORD_CHARS } from "../src/data/csv-records";
import { readCsvMatrix } from "../src/data/csv-matrix";
import { DataError } from "../src/data/data-error";
import { quote, QUOTE_MAX_CHARS } from "../src/data/quote";
import { parseNumericCell, numericValue } from "../src/data/numeric-cell";
import { thrownBy } from "./helpers";

/** The streaming CSV reader and the quoting of user text in messages (issue 7). */
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Records of `text` when the reader gets it in the given pieces. */
function tokenize(pieces: string[]): [number, string[]][] {
  const out: [number, string[]][] = [];
  const t = new CsvPieces("f.csv", (fields, line) => out.push([line, fields]));
  for (const p of pieces) t.add(p, false);
  t.add("", true);
  return out;
}

test("the reader gives the same records however the text is cut into pieces", () => {
  // Text from the characters that matter to the state machine, cut at arbitrary points.
  const alphabet = fc.constantFrom("a", "1", " ", ",", '"', "\n", "\r", "\r\n", "é", "\uFEFF");
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }), (chars, cuts) => {
      const text = chars.join("");
      const whole = ((): unknown => {
        try {
          return tokenize([text]);
        } catch (e) {
          return (e as Error).message;
        }
      })();
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const pieces = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
      const cutUp = ((): unknown => {
        try {
          return tokenize(pieces);
        } catch (e) {
          return (e as Error).message;
        }
      })();
      assert.deepEqual(cutUp, whole, JSON.stringify(pieces));
    }),
    { numRuns: 2000 },
  );
});

test("quoted fields with separators, escaped quotes and line ends, read by hand", () => {
  assert.deepEqual(tokenize(['a,"b, c",d\n1,"say ""hi""","two\nlines"\r\n2,3,4']), [
    [1, ["a", "b, c", "d"]],
    [2, ["1", 'say "hi"', "two\nlines"]],
    [4, ["2", "3", "4"]],
  ]);
  // The same through the whole-text parser and the file reader.
  const file = join(dir, "q.csv");
  writeFileSync(file, 'x,"y"\n1,"2"\n\n3 , "4" \n');
  const m = readCsvMatrix(file);
  assert.deepEqual(Array.from(m.X.data), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(m.lines), [2, 4]);
});

test("a file that is not text, or a line without end, is one clear error instead of growing memory", () => {
  const nul = join(dir, "nul.csv");
  writeFileSync(nul, "a,b\n1,2\n3,\0\n");
  const e = thrownBy(() => readCsvMatrix(nul));
  assert.ok(e instanceof DataError && /line 3.*NUL byte.*not a CSV text file/.test(e.message), String(e));
  // One line just over the limit, written in pieces.
  const long = join(dir, "long.csv");
  const fd = openSync(long, "w");
  const block = "9".repeat(1 << 20);
  for (let i = 0; i <= MAX_RECORD_CHARS / block.length; i++) writeSync(fd, block);
  closeSync(fd);
  const e2 = thrownBy(() => readCsvMatrix(long));
  assert.ok(e2 instanceof DataError && /line 1.*longer than/.test(e2.message), String(e2));
  rmSync(long);
});

test("a file whose first megabyte projects more rows than memory holds is refused at once, naming the file", () => {
  const huge = join(dir, "huge.csv");
  const rows = Array.from({ length: 200000 }, (_, i) => `${i % 7},${i % 11},${i % 13}`);
  writeFileSync(huge, `a,b,c\n${rows.join("\n")}\n`);
  // 1.7 MB of rows, so the first megabyte read is all rows. Sparse: the file claims four times the machine's memory in size without using the disk.
  truncateSync(huge, 4 * totalmem());
  const e = thrownBy(() => readCsvMatrix(huge));
  rmSync(huge);
  assert.ok(
    e instanceof DataError &&
      /huge\.csv: about \d+ rows of 3 numbers .* more than .* \(half of this machine.s memory\)/.test(e.message),
    String(e),
  );
});

test("a column is numeric when its first cell is; a mixed column is an error at its first non-number", () => {
  const f = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const late = thrownBy(() => readCsvMatrix(f("late.csv", "a,b\n1,2\n3,4\n5,oops\n")));
  assert.ok(late instanceof DataError && late.line === 4 && late.column === "b", String(late));
  const early = thrownBy(() => readCsvMatrix(f("early.csv", "a,b\n1,n/a\n3,4\n")));
  assert.ok(early instanceof DataError && early.line === 2 && early.column === "b", String(early));
  const text = readCsvMatrix(f("text.csv", "a,name\n1,x\n3,y\n"));
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

test("numericValue (the reader's fast path) says exactly what parseNumericCell says", () => {
  const same = (raw: string): void => {
    const cell = parseNumericCell(raw);
    const v = numericValue(raw);
    if (cell.kind === "number") assert.ok(Object.is(v, cell.value), `"${raw}": ${v} vs ${cell.value}`);
    else assert.ok(Number.isNaN(v), `"${raw}" is ${cell.kind} but numericValue gave ${v}`);
  };
  for (const raw of [
    "3",
    " -0.5 ",
    ".5",
    "+1e-3",
    "1.",
    "0x10",
    " 0x10 ",
    "Infinity",
    "1e999",
    "NaN",
    "",
    " ",
    "e3",
    "-0",
  ]) {
    same(raw);
  }
  fc.assert(
    fc.property(fc.stringMatching(/^[ \t]?[+-]?[0-9.eExX]{0,6}[ \t]?$/), (raw) => same(raw)),
    { numRuns: 3000 },
  );
});
