import { type Matrix, zeros } from "../linalg/matrix";
import { columnMeans } from "./constant-guess";
import { symmetricEigen } from "./jacobi-eigen";

/**
 * Principal component analysis fitted on training rows: the linear baseline for a k-unit bottleneck.
 * Among all reconstructions that pass the centred data through k numbers linearly, projecting onto the
 * top-k eigenvectors of the covariance has the smallest squared error (Eckart–Young), and on the training
 * rows that error is exactly the sum of the discarded eigenvalues.
 */
export interface Pca {
  /** The training mean μ, subtracted before projecting. */
  mean: Float64Array;
  /** n×k: the first k principal directions as unit columns. */
  components: Matrix;
  /** Every eigenvalue of the covariance (1/N form), descending: the variance along each direction. */
  variances: number[];
  /** variances[i] / Σ variances. */
  varianceShare: number[];
}

/** The covariance matrix (1/N, not 1/(N − 1): the error of a reconstruction is a mean over N rows). */
export function covariance(X: Matrix, mean: ArrayLike<number> = columnMeans(X)): Matrix {
  const n = X.cols;
  const C = zeros(n, n);
  for (let r = 0; r < X.rows; r++)
    for (let i = 0; i < n; i++) {
      const di = X.data[r * n + i] - mean[i];
      for (let j = 0; j < n; j++) C.data[i * n + j] += di * (X.data[r * n + j] - mean[j]);
    }
  for (let i = 0; i < C.data.length; i++) C.data[i] /= X.rows;
  return C;
}

export function fitPca(X: Matrix, k: number): Pca {
  if (!Number.isInteger(k) || k < 1 || k > X.cols)
    throw new Error(`fitPca: k must be an integer from 1 to ${X.cols} (the number of columns), got ${k}`);
  const mean = columnMeans(X);
  const { values, vectors } = symmetricEigen(covariance(X, mean));
  const n = X.cols;
  const components = zeros(n, k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) components.data[i * k + c] = vectors.data[i * n + c];
  // Rounding can leave a tiny negative eigenvalue for a flat direction; a variance is never negative.
  const variances = values.map((v) => Math.max(v, 0));
  const total = variances.reduce((s, v) => s + v, 0);
  return { mean, components, variances, varianceShare: variances.map((v) => (total > 0 ? v / total : 0)) };
}

/** The k-number code of every row: (x − μ) V, N×k. The linear analogue of the hidden outputs O1. */
export function pcaCodes(pca: Pca, X: Matrix): Matrix {
  const { mean, components: V } = pca;
  const n = V.rows;
  const k = V.cols;
  if (X.cols !== n) throw new Error(`pcaCodes: data has ${X.cols} columns, the PCA was fitted on ${n}`);
  const Z = zeros(X.rows, k);
  for (let r = 0; r < X.rows; r++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (X.data[r * n + i] - mean[i]) * V.data[i * k + c];
      Z.data[r * k + c] = s;
    }
  return Z;
}

/** The reconstruction μ + (x − μ) V Vᵀ of every row, N×n. */
export function pcaReconstruct(pca: Pca, X: Matrix): Matrix {
  const Z = pcaCodes(pca, X);
  const { mean, components: V } = pca;
  const n = V.rows;
  const k = V.cols;
  const out = zeros(X.rows, n);
  for (let r = 0; r < X.rows; r++)
    for (let i = 0; i < n; i++) {
      let s = mean[i];
      for (let c = 0; c < k; c++) s += Z.data[r * k + c] * V.data[i * k + c];
      out.data[r * n + i] = s;
    }
  return out;
}
