import { type Matrix } from "../linalg/matrix";

/** Pearson correlation between every pair of columns of X (rows = samples), as a k×k matrix. */
export function correlationMatrix(X: Matrix): Matrix {
  const { rows, cols } = X;
  if (rows < 2) throw new Error(`correlationMatrix: needs at least 2 rows, got ${rows}`);
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
    for (let b = 0; b < cols; b++)
      out[a * cols + b] = cov[a * cols + b] / Math.sqrt(cov[a * cols + a] * cov[b * cols + b]);
  }
  return { rows: cols, cols, data: out };
}
