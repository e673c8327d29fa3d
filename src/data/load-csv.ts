import type { DataFrame } from "danfojs-node";
import { DataError } from "./data-error";
import { type NumericData, type ColumnChoice, readCsvMatrix } from "./csv-matrix";

/** A CSV file as notebooks want it: the whole table as a danfojs DataFrame, and the chosen columns as a Matrix. */
export interface LoadedCsv extends NumericData {
  /** Every column of the file (text columns too), as danfojs-node's readCSV reads it. */
  frame: DataFrame;
}

/**
 * Loads a CSV file with danfojs-node for display, after checking it with our own reader, whose errors
 * name the file, line and column (danfojs would let a typo through as NaN or as a string column).
 * danfojs is imported here on first use, so modules that never show a table (the CLI) stay fast.
 */
export async function loadCsv(file: string, choice: ColumnChoice = {}): Promise<LoadedCsv> {
  const numeric = readCsvMatrix(file, choice);
  const { dfd } = await import("./danfo");
  let frame: DataFrame;
  try {
    // A PapaParse option; danfojs passes it through, but its typings do not list PapaParse's options.
    const papaparse = { skipEmptyLines: "greedy" } as Parameters<typeof dfd.readCSV>[1];
    frame = await dfd.readCSV(file, papaparse);
  } catch (e) {
    throw new DataError({ file }, `danfojs-node could not read it: ${(e as Error).message}`);
  }
  return { ...numeric, frame };
}
