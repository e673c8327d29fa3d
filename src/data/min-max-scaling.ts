import { type Matrix, zeros } from "../linalg/matrix";
import { DataError } from "./data-error";

/**
 * x' = (x − min) / (max − min) per column, as plain JSON (it goes into the run file). Fitted on the training
 * rows only, so nothing about the test set leaks into training. Test values beyond the training range scale
 * outside [0, 1] and are left there: clipping would hide how far the test data lies outside.
 */
export interface MinMaxScaling {
  columns: string[];
  min: number[];
  max: number[];
}

/**
 * Refused: a column with one value throughout would divide by zero, and one whose max − min exceeds the
 * largest double (±1e308) would scale every value to 0 or NaN.
 */
export function fitMinMax(
  X: Matrix,
  columns: readonly string[],
  file: string,
  lines?: ArrayLike<number>,
): MinMaxScaling {
  if (columns.length !== X.cols) throw new Error(`fitMinMax: ${columns.length} column names for ${X.cols} columns`);
  if (X.rows === 0) throw new Error("fitMinMax: no rows to fit on");
  const at = (r: number, j: number) => ({ file, line: lines?.[r], column: columns[j] });
  const min = new Array<number>(X.cols).fill(Infinity);
  const max = new Array<number>(X.cols).fill(-Infinity);
  const minRow = new Array<number>(X.cols).fill(0);
  const maxRow = new Array<number>(X.cols).fill(0);
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[r * X.cols + j];
      // NaN would slip past both comparisons below and leave the column looking constant.
      if (!Number.isFinite(v)) throw new DataError(at(r, j), `value ${v} is not a finite number`);
      if (v < min[j]) [min[j], minRow[j]] = [v, r];
      if (v > max[j]) [max[j], maxRow[j]] = [v, r];
    }
  }
  columns.forEach((column, j) => {
    if (!(max[j] > min[j])) {
      throw new DataError(
        { file, column },
        `every training value is ${min[j]}, so min-max scaling would divide by zero (leave the column out)`,
      );
    }
    if (!Number.isFinite(max[j] - min[j])) {
      // Name the extreme that is larger in magnitude: it is the one to fix.
      const r = Math.abs(max[j]) >= Math.abs(min[j]) ? maxRow[j] : minRow[j];
      throw new DataError(
        at(r, j),
        `value ${X.data[r * X.cols + j]} is too large to scale (range ${min[j]} … ${max[j]} overflows)`,
      );
    }
  });
  return { columns: [...columns], min, max };
}

/** Beyond this a scaled value's squared error, summed over a data set, could overflow before the first update. */
const MAX_SCALED = 1e100;

/**
 * A value that scales beyond ±MAX_SCALED (a test value far outside a narrow training range) is an error, not
 * an Infinity that would pass unnoticed until training.
 */
export function applyMinMax(s: MinMaxScaling, X: Matrix, origin?: { file: string; lines: ArrayLike<number> }): Matrix {
  requireColumns(s, X);
  const out = { rows: X.rows, cols: X.cols, data: new Float64Array(X.data.length) };
  const n = X.cols;
  for (let r = 0; r < X.rows; r++) {
    for (let j = 0; j < n; j++) {
      const v = X.data[r * n + j];
      const scaled = (v - s.min[j]) / (s.max[j] - s.min[j]);
      if (!(Math.abs(scaled) <= MAX_SCALED)) {
        const problem = Number.isFinite(v)
          ? `value ${v} is too large to scale: it maps to ${scaled} (beyond ±${MAX_SCALED}) with the training range ${s.min[j]} … ${s.max[j]}`
          : `value ${v} is not a finite number`;
        const column = s.columns[j];
        if (origin) throw new DataError({ file: origin.file, line: origin.lines[r], column }, problem);
        throw new Error(`applyMinMax: row ${r}, column "${column}": ${problem}`);
      }
      out.data[r * n + j] = scaled;
    }
  }
  return out;
}

/** x = min + x' (max − min): turns reconstructions back into the data's units. */
export function invertMinMax(s: MinMaxScaling, X: Matrix): Matrix {
  requireColumns(s, X);
  const out = zeros(X.rows, X.cols);
  for (let i = 0; i < X.data.length; i++) {
    const j = i % X.cols;
    out.data[i] = s.min[j] + X.data[i] * (s.max[j] - s.min[j]);
  }
  return out;
}

function requireColumns(s: MinMaxScaling, X: Matrix): void {
  if (X.cols !== s.min.length) {
    throw new Error(`min-max scaling: data has ${X.cols} columns, the scaling has ${s.min.length}`);
  }
}
