import { totalmem } from "node:os";
import { type Matrix } from "../linalg/matrix";
import { formatGigabytes } from "../format/number";
import { DataError } from "./data-error";
import { type CsvRecord, type CsvHandler, forEachCsvRecord, separatorHint } from "./csv-records";
import { numericValue, describeBadCell } from "./numeric-cell";
import { quote, quoteBare } from "../format/quote";

export interface NumericData {
  file: string;
  columns: string[];
  /** Rows in file order. */
  X: Matrix;
  /** The file line of each row of X, for error messages. */
  lines: Uint32Array;
}

export interface ColumnChoice {
  /** In this order. Default: every column whose cells are all numbers (iris "species" is left out). */
  columns?: readonly string[];
  /** Bytes the rows may take while reading and splitting (default: half this machine's memory). */
  memoryBudget?: number;
}

/**
 * Without danfojs-node (see danfo.ts), checking every cell; load-csv.ts adds the DataFrame for notebooks.
 * Each row goes straight into a Float64Array, doubled when full, so the text is never held whole.
 */
export async function readCsvMatrix(file: string, choice: ColumnChoice = {}): Promise<NumericData> {
  const columns = new NumericColumns(file, choice);
  await forEachCsvRecord(file, columns);
  return columns.matrix();
}

export function recordsToMatrix(
  file: string,
  csv: { header: string[]; records: CsvRecord[] },
  choice: ColumnChoice = {},
): NumericData {
  const columns = new NumericColumns(file, choice);
  columns.header(csv.header);
  for (const r of csv.records) columns.row(r.fields, r.line);
  return columns.matrix();
}

/** A copy of the given rows (0-based, in the order given) with their lines. */
export function takeRows(d: NumericData, rows: ArrayLike<number>): NumericData {
  const n = d.X.cols;
  const X = new Float64Array(rows.length * n);
  const lines = new Uint32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    if (!(rows[r] >= 0 && rows[r] < d.X.rows))
      throw new Error(`takeRows: row ${rows[r]} is outside 0..${d.X.rows - 1}`);
    for (let j = 0; j < n; j++) X[r * n + j] = d.X.data[rows[r] * n + j];
    lines[r] = d.lines[rows[r]];
  }
  return { file: d.file, columns: d.columns, X: { rows: rows.length, cols: n, data: X }, lines };
}

/**
 * Which columns are numeric is settled by the first data row: a column whose first cell is a number must hold
 * numbers throughout, one whose first cell is not must hold none (a text column, left out). A mixed column is
 * an error at its first non-number cell, as soon as the mix is seen.
 */
class NumericColumns implements CsvHandler {
  private names: string[] = [];
  /** Header indices in output order; with the default choice, null until the first data row. */
  private chosen: number[] | null = null;
  /** Default choice: each text column's first cell, the one to blame for a number found later. */
  private textColumns: { col: number; line: number; cell: string }[] = [];
  private values = new Float64Array(0);
  private lines = new Uint32Array(0);
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly choice: ColumnChoice,
  ) {}

  header(names: string[]): void {
    this.names = names;
    const wanted = this.choice.columns;
    if (wanted === undefined) return;
    const file = this.file;
    if (wanted.length === 0) throw new DataError({ file }, "no columns chosen");
    this.chosen = wanted.map((name) => {
      const col = names.indexOf(name);
      if (col < 0) {
        throw new DataError({ file }, `unknown column ${quote(name)} (columns: ${quoteBare(names.join(", "))})`);
      }
      return col;
    });
    this.chosen.forEach((col, k, all) => {
      if (all.indexOf(col) !== k) throw new DataError({ file }, `column ${quote(names[col])} is chosen twice`);
    });
  }

  row(fields: string[], line: number): void {
    const chosen = (this.chosen ??= this.chooseFrom(fields, line));
    const n = chosen.length;
    if (this.rows === this.lines.length) this.grow(n);
    for (let j = 0; j < n; j++) {
      const v = numericValue(fields[chosen[j]]);
      if (Number.isNaN(v)) this.bad(line, chosen[j], fields[chosen[j]]);
      this.values[this.rows * n + j] = v;
    }
    for (const t of this.textColumns) {
      if (!Number.isNaN(numericValue(fields[t.col]))) this.bad(t.line, t.col, t.cell); // a number in a text column
    }
    this.lines[this.rows++] = line;
  }

  /** Copied out of the arrays' spare room (up to half of them), which is then freed. */
  matrix(): NumericData {
    const chosen = this.chosen ?? [];
    const n = chosen.length;
    const X = { rows: this.rows, cols: n, data: this.values.slice(0, this.rows * n) };
    return {
      file: this.file,
      columns: chosen.map((col) => this.names[col]),
      X,
      lines: this.lines.slice(0, this.rows),
    };
  }

  private grow(n: number): void {
    const capacity = Math.max(1024, 2 * this.lines.length);
    this.requireMemory(capacity);
    const values = new Float64Array(capacity * n);
    values.set(this.values);
    const lines = new Uint32Array(capacity);
    lines.set(this.lines);
    [this.values, this.lines] = [values, lines];
  }

  /**
   * Rows take their numbers and lines three times (as read, and the training and test parts before and after
   * scaling), plus 8 bytes a row for the split's row indices and the trainer's order: refused, naming the file,
   * when the rows read pass that much. `rows` counts the arrays' spare room too.
   */
  private requireMemory(rows: number): void {
    const n = this.chosen?.length ?? 0;
    const bytes = rows * (24 * n + 20);
    const budget = this.choice.memoryBudget ?? totalmem() / 2;
    if (bytes > budget) {
      throw new DataError(
        { file: this.file },
        `about ${rows} rows of ${n} numbers would need ${formatGigabytes(bytes)} while reading and splitting, more than ${formatGigabytes(budget)} (half of this machine's memory)`,
      );
    }
  }

  private chooseFrom(fields: string[], line: number): number[] {
    const chosen: number[] = [];
    fields.forEach((raw, col) => {
      if (Number.isNaN(numericValue(raw))) this.textColumns.push({ col, line, cell: raw });
      else chosen.push(col);
    });
    if (chosen.length === 0) {
      const columns = quoteBare(this.names.join(", "));
      throw new DataError(
        { file: this.file },
        `no column holds only numbers (columns: ${columns})${separatorHint(this.names)}`,
      );
    }
    return chosen;
  }

  private bad(line: number, col: number, raw: string): never {
    throw new DataError({ file: this.file, line, column: this.names[col] }, describeBadCell(raw));
  }
}
