import { test } from "node:test";
import assert from "node:assert/strict";
import { zeros } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import {
  autogradAgreementSentence,
  batchGradientChecks,
  compareWithAutograd,
  hiddenInputLatex,
  MATRIX_ORDER_TEX,
  symbolicColumnLatex,
  symbolicMatrixLatex,
} from "../src/notebook/derivation-view";

test("symbolic matrices and the written-out I1 follow the sizes they are given", () => {
  assert.equal(
    symbolicMatrixLatex("w", 3, 2),
    String.raw`\begin{bmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \\ w_{31} & w_{32} \end{bmatrix}`,
  );
  assert.equal(symbolicColumnLatex("b", 2), String.raw`\begin{bmatrix} b_{1} \\ b_{2} \end{bmatrix}`);
  // Long sides are elided: rows 1, 2, ⋮, 6.
  assert.match(symbolicMatrixLatex("w", 6, 1), /w_\{21\} \\\\ \\vdots \\\\ w_\{61\}/);
  const i1 = hiddenInputLatex(4, 3);
  assert.match(i1, /w_\{13\}x_\{1\} \+ w_\{23\}x_\{2\} \+ w_\{33\}x_\{3\} \+ w_\{43\}x_\{4\} \+ b_\{3\}/);
  assert.equal((i1.match(/ \+ b_/g) ?? []).length, 3, "one row per hidden unit");
});

test("alpha and the weight gradients are written in the order the matrix layout multiplies", () => {
  // W2 (h×n) multiplies ∂E/∂I2 (n×1) from the left, and the hidden sigmoid enters through ⊙.
  assert.match(
    MATRIX_ORDER_TEX.alpha ?? "",
    /W_2\\, \\frac\{\\partial E\}\{\\partial I_2\}\\right\) \\odot \\sigma'\(I_1\)/,
  );
  assert.match(MATRIX_ORDER_TEX.dE_dW2 ?? "", /= O_1 \\left\(/);
  assert.match(MATRIX_ORDER_TEX.dE_dW1 ?? "", /= x\\,\\alpha\^\{T\}$/);
});

test("the autograd comparison counts cases, and the sentence follows the numbers", () => {
  const rng = new Rng(1);
  const ps = Array.from({ length: 5 }, () => {
    const p = initParams(3, 2, rng);
    for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
    return p;
  });
  const a = compareWithAutograd(ps, [0.2, 0.5, 0.9]);
  assert.equal(a.cases, 5);
  assert.ok(a.differing >= 0 && a.differing <= 5);
  assert.ok(a.maxDifference < 1e-14, `derivation and autograd agree to rounding (${a.maxDifference})`);
  assert.match(autogradAgreementSentence({ cases: 7, differing: 0, maxDifference: 0 }), /all 7 cases .* bit for bit/);
  const some = autogradAgreementSentence({ cases: 200, differing: 12, maxDifference: 4.44e-16 });
  assert.match(some, /In 12 of 200 cases/);
  assert.match(some, /4\.4 × 10⁻¹⁶ \(2\.0 ε/);
  assert.doesNotMatch(some, /bit for bit/);
});

test("batchGradientChecks reports each gradient's shape and agreement with both independent checks", () => {
  const rng = new Rng(4);
  const p = initParams(4, 3, rng);
  const X = zeros(6, 4);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const rows = batchGradientChecks(p, X);
  assert.deepEqual(
    rows.map((r) => [r.gradient, r.shape]),
    [
      ["∂E/∂W1", "4×3"],
      ["∂E/∂B1", "3×1"],
      ["∂E/∂W2", "3×4"],
      ["∂E/∂B2", "4×1"],
    ],
  );
  for (const r of rows) {
    assert.ok(r["max |batch − finite differences|"] < 1e-8, `${r.gradient} vs finite differences`);
    assert.ok(r["max |batch − mean of per-sample|"] < 1e-15, `${r.gradient} vs per-sample mean`);
  }
});
