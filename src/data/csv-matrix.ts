import { totalmem } from "node:os";
import { type Matrix } from "../linalg/matrix";
import { formatGigabytes } from "../format/number";
import { DataError } from "./data-error";
import { type CsvRecord, forEachCsvRecord, separatorHint } from "./csv-records";
import { parseNumericCell, numericValue, describeBadCell } from "./numeric-cell";
import { quote, quoteBare } from "./quote";

/** Numeric columns of a CSV file as a matrix: one row per sample, one column per chosen CSV column. */
export interface NumericData {
  file: string;
  columns: string[];
  /** N×n, rows in file order. */
  X: Matrix;
  /** The 1-based line of the file each row of X came from, for error messages. */
  lines: Uint32Array;
}

export interface ColumnChoice {
  /**
   * The columns to use, in this order. Default: every column whose cells are all numbers, so a text
   * column (iris "species") is left out; a column that is partly numbers is an error at its first bad cell.
   */
  columns?: readonly string[];
  /** Bytes the rows may take while reading and splitting (default: half this machine's memory). */
  memoryBudget?: number;
}

/**
 * Reads the numeric columns of a CSV file, synchronously and without danfojs-node (whose import
 * alone takes about 0.6 s), checking every cell. Errors are DataErrors naming the file, and the line and
 * column where there is one. load-csv.ts adds the danfojs DataFrame on top of this for notebooks.
 *
 * Memory: the file is read in 1 MiB pieces and each row goes straight into Float64Array blocks, so the
 * text is never held whole; the peak is about twice the numbers (8 bytes each), when the blocks are copied
 * into one matrix (or into a training and a test part, see CsvRows). A file whose first megabyte projects
 * more than half this machine's memory is refused then, naming the file, instead of failing hours later;
 * a pipe or FIFO, whose size is unknown, is refused when its rows so far pass that much.
 */
export function readCsvMatrix(file: string, choice: ColumnChoice = {}): NumericData {
  return readCsvRows(file, choice).take(null);
}

/**
 * A CSV file's numeric rows as read, before they become one matrix: `take` copies the chosen rows (all
 * with null) into a matrix. prepareDataset takes the training and the test rows straight from here, so the
 * whole file never exists as a matrix next to its two parts.
 */
export interface CsvRows {
  file: string;
  columns: string[];
  rows: number;
  take(rows: ArrayLike<number> | null): NumericData;
}

/** Reads a CSV file like readCsvMatrix, keeping the rows in blocks (see CsvRows). */
export function readCsvRows(file: string, choice: ColumnChoice = {}): CsvRows {
  const builder = new NumericColumns(file, choice);
  let checked = false;
  forEachCsvRecord(file, {
    header: (names) => builder.header(names),
    row: (fields, line) => builder.row(fields, line),
    progress: (bytesRead, fileBytes) => {
      if (checked || fileBytes === null || builder.rowCount() === 0) return;
      checked = true;
      builder.requireMemory(Math.ceil((fileBytes / bytesRead) * builder.rowCount()));
    },
  });
  return builder.rowsRead();
}

/** The numeric columns of records already read (see readCsvMatrix). */
export function recordsToMatrix(
  file: string,
  csv: { header: string[]; records: CsvRecord[] },
  choice: ColumnChoice = {},
): NumericData {
  const builder = new NumericColumns(file, choice);
  builder.header(csv.header);
  for (const r of csv.records) builder.row(r.fields, r.line);
  return builder.rowsRead().take(null);
}

/** Rows per block: 64 Ki rows of 3 columns is 1.5 MiB, small against the data, large against the overhead. */
const BLOCK_ROWS = 65536;

/**
 * Collects the chosen numeric columns row by row. Which columns are numeric is settled by the first data
 * row: a column whose first cell is a number must hold numbers throughout, and one whose first cell is
 * not may hold no number at all (a text column, left out); either way a mixed column is an error at its
 * first non-number cell, as soon as the mix is seen.
 */
class NumericColumns {
  private names: string[] = [];
  /** Header indices of the columns kept, in output order; null until the first data row (default choice). */
  private chosen: number[] | null = null;
  /** Default choice: the header indices of the text columns and their first cell (the one to blame). */
  private textColumns: { col: number; line: number; cell: string }[] = [];
  private blocks: Float64Array[] = [];
  /** The file line of each row, for error messages. */
  private lineBlocks: Uint32Array[] = [];
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
    if (this.chosen === null) this.chooseFrom(fields, line);
    const chosen = this.chosen as number[];
    const n = chosen.length;
    const at = this.rows % BLOCK_ROWS;
    if (at === 0) {
      this.requireMemory(this.rows + BLOCK_ROWS);
      this.blocks.push(new Float64Array(BLOCK_ROWS * n));
      this.lineBlocks.push(new Uint32Array(BLOCK_ROWS));
    }
    const block = this.blocks[this.blocks.length - 1];
    for (let j = 0; j < n; j++) {
      const col = chosen[j];
      const v = numericValue(fields[col]);
      if (v !== v) this.bad(line, col, fields[col]); // NaN: not a number
      block[at * n + j] = v;
    }
    for (const t of this.textColumns) {
      const v = numericValue(fields[t.col]);
      if (v === v) this.bad(t.line, t.col, t.cell); // a number in a text column
    }
    this.lineBlocks[this.lineBlocks.length - 1][at] = line;
    this.rows++;
  }

  rowCount(): number {
    return this.rows;
  }

  /**
   * Refuses rows that would not fit: twice their numbers and lines (blocks and parts), plus 8 bytes a row
   * for the split's row indices and the trainer's order, against the budget.
   */
  requireMemory(rows: number): void {
    const n = this.chosen?.length ?? 0;
    const bytes = rows * (16 * n + 16);
    const budget = this.choice.memoryBudget ?? totalmem() / 2;
    if (bytes > budget) {
      throw new DataError(
        { file: this.file },
        `about ${rows} rows of ${n} numbers would need ${formatGigabytes(bytes)} while reading and splitting, more than ${formatGigabytes(budget)} (half of this machine's memory)`,
      );
    }
  }

  /** The default choice: every column whose first cell is a number. */
  private chooseFrom(fields: string[], line: number): void {
    const chosen: number[] = [];
    fields.forEach((raw, col) => {
      if (parseNumericCell(raw).kind === "number") chosen.push(col);
      else this.textColumns.push({ col, line, cell: raw });
    });
    if (chosen.length === 0) {
      const columns = quoteBare(this.names.join(", "));
      throw new DataError(
        { file: this.file },
        `no column holds only numbers (columns: ${columns})${separatorHint(this.names)}`,
      );
    }
    this.chosen = chosen;
  }

  private bad(line: number, col: number, raw: string): never {
    const cell = parseNumericCell(raw);
    throw new DataError({ file: this.file, line, column: this.names[col] }, describeBadCell(cell));
  }

  /** The rows read, as blocks that `take` copies rows out of. */
  rowsRead(): CsvRows {
    const chosen = this.chosen ?? [];
    const n = chosen.length;
    const { blocks, lineBlocks, rows, file } = this;
    const columns = chosen.map((col) => this.names[col]);
    this.blocks = [];
    this.lineBlocks = [];
    const take = (which: ArrayLike<number> | null): NumericData => {
      const count = which === null ? rows : which.length;
      const X = new Float64Array(count * n);
      const lines = new Uint32Array(count);
      for (let r = 0; r < count; r++) {
        const from = which === null ? r : which[r];
        if (!(from >= 0 && from < rows)) throw new Error(`CsvRows.take: row ${from} is outside 0..${rows - 1}`);
        const block = blocks[Math.floor(from / BLOCK_ROWS)];
        const at = from % BLOCK_ROWS;
        for (let j = 0; j < n; j++) X[r * n + j] = block[at * n + j];
        lines[r] = lineBlocks[Math.floor(from / BLOCK_ROWS)][at];
      }
      return { file, columns, X: { rows: count, cols: n, data: X }, lines };
    };
    return { file, columns, rows, take };
  }
}
