import { type Matrix } from "../linalg/matrix";
import { DataError } from "./data-error";
import { type NumericData, readCsvMatrix, takeRows } from "./csv-matrix";
import { type Split, splitRows } from "./split";
import { type MinMaxScaling, fitMinMax, applyMinMax } from "./min-max-scaling";

/** Where the test rows come from: a seeded share of the data file, or a file of their own. */
export type TestSource = { fraction: number } | { file: string };

export interface DatasetOptions {
  data: string;
  /** Columns to use (default: every all-numeric column of the data file). */
  columns?: readonly string[];
  /** Default: { fraction: 0.2 }. A test file must have the data file's chosen columns. */
  test?: TestSource;
  /** Seed of the split (its "split" stream); default 0. */
  seed?: number;
  /** Default true: min-max scale, fitted on the training rows. Off: every value must already be in [0, 1]. */
  scale?: boolean;
}

export interface Dataset {
  columns: string[];
  train: Matrix;
  test: Matrix;
  /** Null when scaling is off. */
  scaling: MinMaxScaling | null;
  /** The same rows before scaling (the same matrices when scaling is off). */
  rawTrain: Matrix;
  rawTest: Matrix;
  trainLines: Uint32Array;
  testLines: Uint32Array;
  /** Null with a test file; else 0-based data rows (blank lines not counted), to rebuild the split elsewhere. */
  trainRowIndices: Uint32Array | null;
  testRowIndices: Uint32Array | null;
}

export const DEFAULT_TEST_FRACTION = 0.2;

/** With a test fraction, one row to train on and one to test on; min-max scaling needs two anyway. */
export const MIN_ROWS = 2;

/** Choose columns → split (seeded) or read the test file → fit min-max on train → apply to both. */
export async function prepareDataset(options: DatasetOptions): Promise<Dataset> {
  const testSource = options.test ?? { fraction: DEFAULT_TEST_FRACTION };
  const data = await readCsvMatrix(options.data, { columns: options.columns });
  const { columns, X } = data;
  if (X.rows < MIN_ROWS) {
    throw new DataError({ file: data.file }, `only ${X.rows} data row, at least ${MIN_ROWS} are needed to train`);
  }
  let rawTrain = data;
  let rawTest: NumericData;
  let split: Split | null = null;
  if ("file" in testSource) {
    rawTest = await readCsvMatrix(testSource.file, { columns });
  } else {
    split = splitRows(X.rows, testSource.fraction, options.seed ?? 0);
    rawTrain = takeRows(data, split.train);
    rawTest = takeRows(data, split.test);
  }
  let train = rawTrain.X;
  let test = rawTest.X;
  let scaling: MinMaxScaling | null = null;
  if (options.scale ?? true) {
    if (train.rows < MIN_ROWS) {
      // Blame the split, not a "constant column": one training row is constant in every column.
      throw new DataError(
        { file: options.data },
        `the training split has only ${train.rows} row (the file has ${X.rows} data rows and ${test.rows} went to the test set); min-max scaling needs at least ${MIN_ROWS} training rows: add rows, or test on a separate file with --test`,
      );
    }
    scaling = fitMinMax(train, columns, options.data, rawTrain.lines);
    train = applyMinMax(scaling, train, rawTrain);
    test = applyMinMax(scaling, test, rawTest);
  } else {
    requireUnitRange(rawTrain);
    requireUnitRange(rawTest);
  }
  return {
    columns,
    train,
    test,
    scaling,
    rawTrain: rawTrain.X,
    rawTest: rawTest.X,
    trainLines: rawTrain.lines,
    testLines: rawTest.lines,
    trainRowIndices: split?.train ?? null,
    testRowIndices: split?.test ?? null,
  };
}

/** Without scaling the network sees the values as they are, and a sigmoid output can only reach (0, 1). */
export function requireUnitRange(d: NumericData): void {
  const { X, columns } = d;
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[r * X.cols + j];
      if (!(v >= 0 && v <= 1)) {
        throw new DataError(
          { file: d.file, line: d.lines[r], column: columns[j] },
          `${v} is outside [0, 1], which unscaled data must lie in (turn scaling on)`,
        );
      }
    }
  }
}
