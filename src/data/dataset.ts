import { type Matrix } from "../linalg/matrix";
import { DataError } from "./data-error";
import { type NumericData, readCsvMatrix } from "./csv-matrix";
import { splitRows, takeRows } from "./split";
import { type MinMaxScaling, fitMinMax, applyMinMax } from "./min-max-scaling";

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
  /** The same rows before scaling. */
  rawTrain: Matrix;
  rawTest: Matrix;
  /** The file line of each training and test row. */
  trainLines: number[];
  testLines: number[];
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
export function prepareDataset(options: DatasetOptions): Dataset {
  const data = readCsvMatrix(options.data, { columns: options.columns });
  if (data.X.rows < MIN_ROWS) {
    throw new DataError({ file: data.file }, `only ${data.X.rows} data row, at least ${MIN_ROWS} are needed to train`);
  }
  const testSource = options.test ?? { fraction: DEFAULT_TEST_FRACTION };
  let trainPart: NumericData;
  let testPart: NumericData;
  if ("file" in testSource) {
    trainPart = data;
    testPart = readCsvMatrix(testSource.file, { columns: data.columns });
  } else {
    const { train, test } = splitRows(data.X.rows, testSource.fraction, options.seed ?? 0);
    const pick = (rows: Uint32Array): NumericData => ({
      ...data,
      X: takeRows(data.X, rows),
      lines: Array.from(rows, (r) => data.lines[r]),
    });
    trainPart = pick(train);
    testPart = pick(test);
  }

  let scaling: MinMaxScaling | null = null;
  if (options.scale ?? true) {
    scaling = fitMinMax(trainPart.X, data.columns, options.data, trainPart.lines);
  } else {
    requireUnitRange(trainPart);
    requireUnitRange(testPart);
  }
  return {
    columns: data.columns,
    train: scaling ? applyMinMax(scaling, trainPart.X, trainPart) : trainPart.X,
    test: scaling ? applyMinMax(scaling, testPart.X, testPart) : testPart.X,
    scaling,
    rawTrain: trainPart.X,
    rawTest: testPart.X,
    trainLines: trainPart.lines,
    testLines: testPart.lines,
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
