import { type Matrix } from "../linalg/matrix";

/**
 * Pearson correlation between every pair of columns of X (rows = samples). A constant column (0/0) or a
 * non-finite value is an error naming the column (from `columns`), rather than a NaN in the matrix.
 */
export function correlationMatrix(X: Matrix, columns?: readonly string[]): Matrix {
  const { rows, cols } = X;
  if (rows < 2) throw new Error(`correlationMatrix: needs at least 2 rows, got ${rows}`);
  if (columns !== undefined && columns.length !== cols) {
    throw new Error(`correlationMatrix: ${columns.length} column names for ${cols} columns`);
  }
  const name = (j: number): string => (columns ? `column ${columns[j]} (index ${j})` : `column index ${j}`);
  for (let j = 0; j < cols; j++) {
    const first = X.data[j];
    let constant = true;
    for (let r = 0; r < rows; r++) {
      const v = X.data[r * cols + j];
      if (!Number.isFinite(v)) throw new Error(`correlationMatrix: row ${r}, ${name(j)}: ${v} is not a finite number`);
      if (v !== first) constant = false;
    }
    // Checked on the values, not on the variance: the computed mean of a constant column can be off by an
    // ulp (0.1/3 summed three times is not 0.1), which would give a tiny variance and a meaningless r.
    if (constant) {
      throw new Error(
        `correlationMatrix: ${name(j)} is constant (every value is ${first}), its correlation is undefined`,
      );
    }
  }
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) mean[j] += X.data[r * cols + j] / rows;
  const cov = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < cols; a++) {
      const da = X.data[r * cols + a] - mean[a];
      for (let b = 0; b < cols; b++) cov[a * cols + b] += da * (X.data[r * cols + b] - mean[b]);
    }
  }
  const out = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++) {
    for (let b = 0; b < cols; b++) {
      const r = cov[a * cols + b] / Math.sqrt(cov[a * cols + a] * cov[b * cols + b]);
      // Squares of values beyond ±1e154 overflow, differences below ±1e-162 underflow: r would be NaN.
      if (!Number.isFinite(r)) {
        throw new Error(`correlationMatrix: the correlation of ${name(a)} and ${name(b)} overflows or underflows`);
      }
      out[a * cols + b] = r;
    }
  }
  return { rows: cols, cols, data: out };
}
