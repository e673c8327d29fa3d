import { type Matrix, zeros } from "../linalg/matrix";
import { DataError } from "./data-error";

/**
 * Min-max scaling per column, x' = (x − min) / (max − min), as plain JSON (it goes into the run file).
 *
 * It is fitted on the training rows only, so nothing about the test set leaks into training. The
 * training set then spans exactly [0, 1] in every column, where the sigmoid outputs can reach it; test
 * values can fall slightly outside [0, 1] when the test set holds a value beyond the training range.
 * That is expected and left alone: clipping would hide how far the test data lies outside.
 */
export interface MinMaxScaling {
  columns: string[];
  min: number[];
  max: number[];
}

/**
 * Fits the scaling on the rows of X. A column with one value throughout would divide by zero: that
 * is a DataError naming `file` and the column.
 */
export function fitMinMax(X: Matrix, columns: readonly string[], file: string): MinMaxScaling {
  if (columns.length !== X.cols) throw new Error(`fitMinMax: ${columns.length} column names for ${X.cols} columns`);
  if (X.rows === 0) throw new Error("fitMinMax: no rows to fit on");
  const min = new Array<number>(X.cols).fill(Infinity);
  const max = new Array<number>(X.cols).fill(-Infinity);
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[r * X.cols + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  columns.forEach((column, j) => {
    if (!(max[j] > min[j])) {
      throw new DataError(
        { file, column },
        `every training value is ${min[j]}, so min-max scaling would divide by zero (leave the column out)`,
      );
    }
  });
  return { columns: [...columns], min, max };
}

/** x' = (x − min) / (max − min), column by column. */
export function applyMinMax(s: MinMaxScaling, X: Matrix): Matrix {
  return perColumn(s, X, (v, lo, hi) => (v - lo) / (hi - lo));
}

/** The inverse, x = min + x' (max − min): turns reconstructions back into the data's units. */
export function invertMinMax(s: MinMaxScaling, X: Matrix): Matrix {
  return perColumn(s, X, (v, lo, hi) => lo + v * (hi - lo));
}

function perColumn(s: MinMaxScaling, X: Matrix, f: (v: number, lo: number, hi: number) => number): Matrix {
  if (X.cols !== s.min.length) {
    throw new Error(`min-max scaling: data has ${X.cols} columns, the scaling has ${s.min.length}`);
  }
  const out = zeros(X.rows, X.cols);
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < X.cols; j++) out.data[r * X.cols + j] = f(X.data[r * X.cols + j], s.min[j], s.max[j]);
  }
  return out;
}
