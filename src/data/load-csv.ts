import type { DataFrame } from "danfojs-node";
import { type NumericData, type ColumnChoice, recordsToMatrix } from "./csv-matrix";
import { readCsvRecords } from "./csv-records";
import { numericValue } from "./numeric-cell";
import { danfo } from "./danfo";

/** A CSV file as notebooks want it: the whole table as a danfojs DataFrame, and the chosen columns as a Matrix. */
export interface LoadedCsv extends NumericData {
  /** Every column of the file (text columns too): numbers where a column holds only numbers, else text. */
  frame: DataFrame;
}

/**
 * Reads a CSV file once, with the checks whose errors name the file, line and column (danfojs's own reader
 * would let a typo through as NaN or as a string column), and builds both the Matrix and the DataFrame from
 * those records. danfojs is imported here on first use, so modules that never show a table (the CLI) stay fast.
 */
export async function loadCsv(file: string, choice: ColumnChoice = {}): Promise<LoadedCsv> {
  const csv = await readCsvRecords(file);
  const numeric = recordsToMatrix(file, csv, choice);
  const numericColumn = csv.header.map((_, j) => csv.records.every((r) => !Number.isNaN(numericValue(r.fields[j]))));
  const rows = csv.records.map((r) => r.fields.map((cell, j) => (numericColumn[j] ? numericValue(cell) : cell)));
  const dfd = danfo();
  return { ...numeric, frame: new dfd.DataFrame(rows, { columns: csv.header }) };
}
