import { type Matrix, shape } from "../linalg/matrix";

/**
 * The mean per-sample error split, column by column, into a bias part and a scatter part:
 *   mean_r Σ_k (x̂_rk − x_rk)²  =  Σ_k (mean_r(x̂_rk − x_rk))²  +  Σ_k var_r(x̂_rk − x_rk)
 * (variances in the 1/N form, so the identity is exact). For a model whose output hardly depends on the
 * input, the scatter part is the data's own variance (the constant guess's error) and the bias part is how
 * far its fixed output lies from the column means: that is what an untrained network's error is made of.
 */
export interface ErrorDecomposition {
  total: number;
  /** Σ_k (mean residual)²: error of the output's average position. */
  offset: number;
  /** Σ_k variance of the residual. */
  scatter: number;
  /** Σ_k variance of the outputs x̂ over the rows: 0 when the output ignores the input. */
  outputVariance: number;
  /** Σ_k variance of the targets x: the constant guess's error on these rows. */
  dataVariance: number;
}

export function decomposeError(Xhat: Matrix, X: Matrix): ErrorDecomposition {
  if (Xhat.rows !== X.rows || Xhat.cols !== X.cols)
    throw new Error(`decomposeError: the reconstruction is ${shape(Xhat)} but the data is ${shape(X)}`);
  if (X.rows === 0) throw new Error("decomposeError: no rows");
  const N = X.rows;
  const col = (m: Matrix, k: number): number[] => Array.from({ length: N }, (_, r) => m.data[r * m.cols + k]);
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / N;
  const variance = (v: number[]): number => {
    const m = mean(v);
    return v.reduce((s, x) => s + (x - m) ** 2, 0) / N;
  };
  const out: ErrorDecomposition = { total: 0, offset: 0, scatter: 0, outputVariance: 0, dataVariance: 0 };
  for (let k = 0; k < X.cols; k++) {
    const xhat = col(Xhat, k);
    const x = col(X, k);
    const residual = xhat.map((v, r) => v - x[r]);
    out.total += residual.reduce((s, d) => s + d * d, 0) / N;
    out.offset += mean(residual) ** 2;
    out.scatter += variance(residual);
    out.outputVariance += variance(xhat);
    out.dataVariance += variance(x);
  }
  return out;
}
