import { type Matrix } from "../linalg/matrix";
import { DataError } from "./data-error";
import { type NumericData, readCsvMatrix, takeRows } from "./csv-matrix";
import { type Split, splitRows } from "./split";
import { type MinMaxScaling, fitMinMax, applyMinMaxInPlace } from "./min-max-scaling";

/** Where the test rows come from: a seeded share of the data file, or a file of their own. */
export type TestSource = { fraction: number } | { file: string };

export interface DatasetOptions {
  /** The CSV file to train on. */
  data: string;
  /** Columns to use (default: every all-numeric column of the data file). */
  columns?: readonly string[];
  /** Default: { fraction: 0.2 }. A test file must have the data file's chosen columns. */
  test?: TestSource;
  /** Seed of the split (its "split" stream); default 0. */
  seed?: number;
  /** Min-max scale to [0, 1], fitted on the training rows (default true). Off: every value must already be in [0, 1]. */
  scale?: boolean;
}

/** Training and test matrices ready for the network (scaled when scaling is on), and how they were made. */
export interface Dataset {
  columns: string[];
  train: Matrix;
  test: Matrix;
  /** The fitted scaling, or null when scaling is off. */
  scaling: MinMaxScaling | null;
  /** The same rows before scaling (copied from the reader's rows when first asked for, then kept). */
  rawTrain: Matrix;
  rawTest: Matrix;
  /** The file line of each training and test row. */
  trainLines: Uint32Array;
  testLines: Uint32Array;
  /**
   * With a test fraction: the 0-based data row (in file order, blank lines not counted) of each training
   * and test row, so the split can be rebuilt without the library. Null with a separate test file.
   */
  trainRowIndices: Uint32Array | null;
  testRowIndices: Uint32Array | null;
  testSource: TestSource;
}

export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * The training data needs at least this many rows: with a test fraction, one to train on and one to test
 * on, and min-max scaling needs two values per column anyway. A separate test file needs only one row.
 */
export const MIN_ROWS = 2;

/**
 * Reads, splits and scales a data set the way every experiment here does:
 * choose columns → split (seeded) or read the test file → fit min-max on train → apply to both.
 * Every value the network will see is finite: a range or a scaled value that overflows is a DataError
 * naming the file, line and column.
 */
export async function prepareDataset(options: DatasetOptions): Promise<Dataset> {
  const testSource = options.test ?? { fraction: DEFAULT_TEST_FRACTION };
  const data = await readCsvMatrix(options.data, { columns: options.columns });
  if (data.X.rows < MIN_ROWS) {
    throw new DataError({ file: data.file }, `only ${data.X.rows} data row, at least ${MIN_ROWS} are needed to train`);
  }
  const columns = data.columns;
  // Memory: each part is copied out of the rows read once and scaled in place (the raw values are copied
  // again only if rawTrain or rawTest is asked for), so a large file costs about twice its numbers after
  // reading, never three or four times.
  let split: Split | null = null;
  let testRows: NumericData;
  if ("file" in testSource) {
    testRows = await readCsvMatrix(testSource.file, { columns });
  } else {
    split = splitRows(data.X.rows, testSource.fraction, options.seed ?? 0);
    testRows = data;
  }
  const trainIndex = split?.train ?? null;
  const testIndex = split?.test ?? null;
  const trainPart = takeRows(data, trainIndex);
  const testPart = takeRows(testRows, testIndex);

  let scaling: MinMaxScaling | null = null;
  if (options.scale ?? true) {
    if (trainPart.X.rows < MIN_ROWS) {
      // Blame the split, not a "constant column": one training row is constant in every column.
      throw new DataError(
        { file: options.data },
        `the training split has only ${trainPart.X.rows} row (the file has ${data.X.rows} data rows and ${testPart.X.rows} went to the test set); min-max scaling needs at least ${MIN_ROWS} training rows: add rows, or test on a separate file with --test`,
      );
    }
    scaling = fitMinMax(trainPart.X, columns, options.data, trainPart.lines);
    applyMinMaxInPlace(scaling, trainPart.X, trainPart);
    applyMinMaxInPlace(scaling, testPart.X, testPart);
  } else {
    requireUnitRange(trainPart);
    requireUnitRange(testPart);
  }
  let rawTrain: Matrix | null = scaling === null ? trainPart.X : null;
  let rawTest: Matrix | null = scaling === null ? testPart.X : null;
  return {
    columns,
    train: trainPart.X,
    test: testPart.X,
    scaling,
    get rawTrain(): Matrix {
      return (rawTrain ??= takeRows(data, trainIndex).X);
    },
    get rawTest(): Matrix {
      return (rawTest ??= takeRows(testRows, testIndex).X);
    },
    trainLines: trainPart.lines,
    testLines: testPart.lines,
    trainRowIndices: trainIndex,
    testRowIndices: testIndex,
    testSource: testSource,
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
