import { type Matrix, zeros } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { forward } from "../model/forward";

/** The hidden outputs O1 = σ(W1ᵀx + B1) of every row of X, N×h: the code the bottleneck keeps for each sample. */
export function hiddenCodes(p: Params, X: Matrix): Matrix {
  const { n, h } = paramSizes(p);
  if (X.cols !== n) throw new Error(`hiddenCodes: data has ${X.cols} columns but the network has ${n} inputs`);
  const Z = zeros(X.rows, h);
  for (let r = 0; r < X.rows; r++) Z.data.set(forward(p, X.data.subarray(r * n, (r + 1) * n)).O1.data, r * h);
  return Z;
}
