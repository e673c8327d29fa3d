import type { DataFrame } from "danfojs-node";
import { type NumericData, type ColumnChoice, recordsToMatrix } from "./csv-matrix";
import { readCsvRecords } from "./csv-records";
import { numericValue } from "./numeric-cell";
import { danfo } from "./danfo";

export interface LoadedCsv extends NumericData {
  /** Every column of the file (text columns too): numbers where a column holds only numbers, else text. */
  frame: DataFrame;
}

/** Read by our reader, not danfojs's, which would let a typo through as NaN or as a string column. */
export async function loadCsv(file: string, choice: ColumnChoice = {}): Promise<LoadedCsv> {
  const csv = await readCsvRecords(file);
  const numeric = recordsToMatrix(file, csv, choice);
  const numericColumn = csv.header.map((_, j) => csv.records.every((r) => !Number.isNaN(numericValue(r.fields[j]))));
  const rows = csv.records.map((r) => r.fields.map((cell, j) => (numericColumn[j] ? numericValue(cell) : cell)));
  const dfd = danfo();
  return { ...numeric, frame: new dfd.DataFrame(rows, { columns: csv.header }) };
}
