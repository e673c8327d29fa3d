import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows, type Matrix, zeros } from "../src/linalg/matrix";
import { Rng } from "../src/random/prng";
import { symmetricEigen } from "../src/baselines/jacobi-eigen";
import { covariance, fitPca, pcaCodes, pcaReconstruct } from "../src/baselines/pca";
import { meanSquaredError } from "../src/baselines/reconstruction-error";
import { expectClose } from "./helpers";

// Worked by hand: the rows (3,1), (1,3), (−3,−1), (−1,−3) have mean 0 and covariance (1/N)
// [[5, 3], [3, 5]], whose eigenvalues are 8 along (1,1)/√2 and 2 along (1,−1)/√2. Projecting (3,1) on
// (1,1)/√2 gives the code 4/√2 and the reconstruction (2,2): squared error 1 + 1 = 2 for every row.
const HAND = fromRows([
  [3, 1],
  [1, 3],
  [-3, -1],
  [-1, -3],
]);

test("PCA of a 2-D set worked by hand: directions, variances, codes, reconstruction and error", () => {
  expectClose(
    covariance(HAND),
    fromRows([
      [5, 3],
      [3, 5],
    ]),
    { what: "covariance" },
  );
  const pca = fitPca(HAND, 1);
  expectClose(pca.variances, [8, 2], { rtol: 1e-14, what: "variances" });
  expectClose(pca.varianceShare, [0.8, 0.2], { rtol: 1e-14, what: "variance share" });
  expectClose(pca.components, fromRows([[Math.SQRT1_2], [Math.SQRT1_2]]), { rtol: 1e-14, what: "first direction" });
  expectClose(pcaCodes(pca, HAND).data, [4 / Math.SQRT2, 4 / Math.SQRT2, -4 / Math.SQRT2, -4 / Math.SQRT2], {
    rtol: 1e-14,
    what: "codes",
  });
  expectClose(
    pcaReconstruct(pca, HAND),
    fromRows([
      [2, 2],
      [2, 2],
      [-2, -2],
      [-2, -2],
    ]),
    { rtol: 1e-14, atol: 1e-14, what: "reconstruction" },
  );
  expectClose(meanSquaredError(pcaReconstruct(pca, HAND), HAND), 2, { rtol: 1e-14 });
  // Keeping every component reconstructs exactly.
  expectClose(pcaReconstruct(fitPca(HAND, 2), HAND), HAND, { atol: 1e-14, what: "full reconstruction" });
});

/** The dominant eigenpairs by power iteration with deflation: an independent method, seeded start vectors. */
function powerIteration(A: Matrix, count: number, rng: Rng): { values: number[]; vectors: number[][] } {
  const n = A.rows;
  const M = A.data.slice();
  const values: number[] = [];
  const vectors: number[][] = [];
  for (let c = 0; c < count; c++) {
    let v = Array.from({ length: n }, () => rng.normal());
    let lambda = 0;
    for (let it = 0; it < 5000; it++) {
      const w = Array.from({ length: n }, (_, i) => v.reduce((s, vj, j) => s + M[i * n + j] * vj, 0));
      const norm = Math.hypot(...w);
      v = w.map((x) => x / norm);
      lambda = v.reduce((s, vi, i) => s + vi * v.reduce((t, vj, j) => t + M[i * n + j] * vj, 0), 0);
    }
    values.push(lambda);
    vectors.push(v);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] -= lambda * v[i] * v[j];
  }
  return { values, vectors };
}

test("Jacobi eigen-decomposition agrees with power iteration on random 3×3 and 4×4 covariance matrices", () => {
  const rng = new Rng(11);
  for (const n of [3, 3, 4, 4]) {
    const X = zeros(40, n);
    // Correlated columns with distinct variances, so the eigenvalues are well separated.
    for (let r = 0; r < 40; r++) {
      const t = rng.normal();
      for (let k = 0; k < n; k++) X.data[r * n + k] = (k + 1) * t + (0.6 / (k + 1)) * rng.normal() + k;
    }
    const C = covariance(X);
    const jac = symmetricEigen(C);
    const pow = powerIteration(C, n - 1, new Rng(5));
    for (let c = 0; c < n - 1; c++) {
      expectClose(jac.values[c], pow.values[c], { rtol: 1e-9, what: `eigenvalue ${c}` });
      const v = Array.from({ length: n }, (_, i) => jac.vectors.data[i * n + c]);
      const dot = v.reduce((s, x, i) => s + x * pow.vectors[c][i], 0);
      expectClose(Math.abs(dot), 1, { rtol: 1e-8, what: `eigenvector ${c} (|cos| of the angle)` });
    }
    // And the definition itself: C V = V Λ with V orthonormal.
    for (let c = 0; c < n; c++)
      for (let i = 0; i < n; i++) {
        let cv = 0;
        for (let j = 0; j < n; j++) cv += C.data[i * n + j] * jac.vectors.data[j * n + c];
        expectClose(cv, jac.values[c] * jac.vectors.data[i * n + c], { atol: 1e-12, what: `(CV)[${i},${c}]` });
      }
    assert.ok(
      jac.values.every((v, i) => i === 0 || v <= jac.values[i - 1]),
      "eigenvalues in descending order",
    );
  }
});

test("on the fitting rows the PCA error is the sum of the discarded variances, and it falls as k grows", () => {
  const rng = new Rng(3);
  const X = zeros(30, 3);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform() + (i % 3 === 0 ? 2 * X.data[i - 0] : 0);
  const errors: number[] = [];
  for (const k of [1, 2, 3]) {
    const pca = fitPca(X, k);
    const e = meanSquaredError(pcaReconstruct(pca, X), X);
    const discarded = pca.variances.slice(k).reduce((s, v) => s + v, 0);
    expectClose(e, discarded, { rtol: 1e-9, atol: 1e-14, what: `error with ${k} components` });
    errors.push(e);
  }
  assert.ok(errors[0] > errors[1] && errors[1] > errors[2]);
  assert.throws(() => fitPca(X, 4), /k must be an integer from 1 to 3/);
});
