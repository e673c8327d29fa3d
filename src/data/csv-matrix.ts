import { readFileSync } from "node:fs";
import { type Matrix, zeros } from "../linalg/matrix";
import { DataError } from "./data-error";
import { type CsvText, parseCsvText } from "./csv-text";
import { type NumericCell, parseNumericCell, describeBadCell } from "./numeric-cell";

/** Numeric columns of a CSV file as a matrix: one row per sample, one column per chosen CSV column. */
export interface NumericData {
  file: string;
  columns: string[];
  /** N×n, rows in file order. */
  X: Matrix;
  /** The 1-based line of the file each row of X came from, for error messages. */
  lines: number[];
}

export interface ColumnChoice {
  /**
   * The columns to use, in this order. Default: every column whose cells are all numbers, so a text
   * column (iris "species") is left out; a column that is partly numbers is an error at its first bad cell.
   */
  columns?: readonly string[];
}

/**
 * Reads the numeric columns of a CSV file, synchronously and without danfojs-node (whose import
 * alone takes about 0.6 s), checking every cell. Errors are DataErrors naming the file, and the line and
 * column where there is one. load-csv.ts adds the danfojs DataFrame on top of this for notebooks.
 */
export function readCsvMatrix(file: string, choice: ColumnChoice = {}): NumericData {
  return csvToMatrix(parseCsvText(readText(file), file), choice);
}

/** The numeric columns of already parsed CSV text (see readCsvMatrix). */
export function csvToMatrix(csv: CsvText, choice: ColumnChoice = {}): NumericData {
  // parseCsvText guarantees at least one record; how many more a use needs is its own business (dataset.ts).
  const { file, header, records } = csv;
  const cells = (col: number): NumericCell[] => records.map((r) => parseNumericCell(r.fields[col]));
  const firstBad = (col: number, parsed: NumericCell[]): never => {
    const row = parsed.findIndex((c) => c.kind !== "number");
    throw new DataError({ file, line: records[row].line, column: header[col] }, describeBadCell(parsed[row]));
  };

  let chosen: number[];
  let parsedColumns: NumericCell[][];
  if (choice.columns === undefined) {
    chosen = [];
    parsedColumns = [];
    header.forEach((_, col) => {
      const parsed = cells(col);
      const numbers = parsed.filter((c) => c.kind === "number").length;
      if (numbers === parsed.length) {
        chosen.push(col);
        parsedColumns.push(parsed);
      } else if (numbers > 0) {
        firstBad(col, parsed); // partly numeric: a typo or a gap, not a text column
      }
    });
    if (chosen.length === 0) {
      throw new DataError({ file }, `no column holds only numbers (columns: ${header.join(", ")})`);
    }
  } else {
    if (choice.columns.length === 0) throw new DataError({ file }, "no columns chosen");
    chosen = choice.columns.map((name) => {
      const col = header.indexOf(name);
      if (col < 0) throw new DataError({ file }, `unknown column "${name}" (columns: ${header.join(", ")})`);
      return col;
    });
    chosen.forEach((col, k) => {
      if (chosen.indexOf(col) !== k) throw new DataError({ file }, `column "${header[col]}" is chosen twice`);
    });
    parsedColumns = chosen.map((col) => {
      const parsed = cells(col);
      return parsed.every((c) => c.kind === "number") ? parsed : firstBad(col, parsed);
    });
  }

  const n = chosen.length;
  const X = zeros(records.length, n);
  parsedColumns.forEach((parsed, j) => {
    parsed.forEach((c, r) => {
      if (c.kind === "number") X.data[r * n + j] = c.value;
    });
  });
  return { file, columns: chosen.map((col) => header[col]), X, lines: records.map((r) => r.line) };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DataError({ file }, "file not found");
    if (code === "EISDIR") throw new DataError({ file }, "is a directory, not a CSV file");
    if (code === "EACCES") throw new DataError({ file }, "permission denied");
    throw new DataError({ file }, `cannot be read (${code ?? (e as Error).message})`);
  }
}
