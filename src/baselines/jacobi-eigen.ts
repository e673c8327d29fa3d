import { type Matrix, shape } from "../linalg/matrix";

/** Eigenvalues in descending order and, as the columns of `vectors`, their unit eigenvectors. */
export interface SymmetricEigen {
  values: number[];
  /** n×n, column i belongs to values[i]. */
  vectors: Matrix;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: each rotation zeroes one
 * off-diagonal pair, sweeps repeat until the off-diagonal mass is at rounding level. For the 3×3
 * covariance matrices here it converges in a handful of sweeps and needs no library; its result does not
 * depend on a starting vector, which is why the tests use it against power iteration.
 */
export function symmetricEigen(A: Matrix, maxSweeps = 100): SymmetricEigen {
  const n = A.rows;
  if (A.cols !== n) throw new Error(`symmetricEigen: the matrix is ${shape(A)}, not square`);
  const a = A.data.slice();
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i * n + j] - a[j * n + i]);
      if (d > 1e-12 * (1 + Math.abs(a[i * n + j])))
        throw new Error(`symmetricEigen: the matrix is not symmetric at (${i}, ${j})`);
    }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const offDiagonal = (): number => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += a[i * n + j] ** 2;
    return s;
  };
  let scaleSq = 0;
  for (const x of a) scaleSq += x * x;
  for (let sweep = 0; sweep < maxSweeps && offDiagonal() > 1e-30 * scaleSq; sweep++) {
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation angle θ with tan 2θ = 2 a_pq / (a_qq − a_pp), via the numerically stable t = tan θ.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // A ← A J (columns p and q)
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // A ← Jᵀ A (rows p and q)
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          // V ← V J accumulates the eigenvectors as columns
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    // A sign convention, so results are reproducible: the largest entry of each eigenvector is positive.
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + src]) > Math.abs(big)) big = v[k * n + src];
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = sign * v[k * n + src];
  });
  return { values: order.map((i) => a[i * n + i]), vectors: { rows: n, cols: n, data: vectors } };
}
