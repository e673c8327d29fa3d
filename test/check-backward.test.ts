import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBackward, type StudentBackward, type StudentStep } from "../src/derivation/check-backward";
import { checkText } from "../src/derivation/check-report";
import { factorMessage } from "../src/derivation/grade";
import { relativeError } from "../src/derivation/student-values";
import { type FactorSlip, CHAIN, factorSlips, slippedBackward } from "../src/model/slips";
import { fromRows, toRows } from "../src/linalg/matrix";
import { type Params } from "../src/model/params";

/*
 * The students here are written the way a student would write them: plain nested arrays and a few helpers,
 * not the library. So a check that agrees with them agrees with an implementation independent of
 * backward.ts; and the catalogue's slips, written by hand below, must be named as the catalogue names them.
 */
type M = number[][];
const mm = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
const T = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));
const zipWith = (a: M, b: M, f: (x: number, y: number) => number): M => a.map((r, i) => r.map((v, j) => f(v, b[i][j])));
const each = (a: M, f: (x: number) => number): M => a.map((r) => r.map(f));
const sig = (z: number): number => 1 / (1 + Math.exp(-z));

interface Variant {
  dE_dO2?: (O2: M, x: M) => M;
  dO2_dI2?: (O2: M, I2: M) => M;
  dI2_dO1?: (W2: M) => M;
  dE_dB2?: (dE_dI2: M) => M;
}

/** The assignment's backward pass in nested arrays, with one line optionally written differently. */
function student(v: Variant = {}): StudentBackward {
  return (x, { W1, B1, W2, B2 }) => {
    const I1 = zipWith(mm(T(W1), x), B1, (a, b) => a + b);
    const O1 = each(I1, sig);
    const I2 = zipWith(mm(T(W2), O1), B2, (a, b) => a + b);
    const O2 = each(I2, sig);
    const dE_dO2 = v.dE_dO2 ? v.dE_dO2(O2, x) : zipWith(O2, x, (a, b) => 2 * (a - b));
    const dO2_dI2 = v.dO2_dI2 ? v.dO2_dI2(O2, I2) : each(O2, (o) => o * (1 - o));
    const dE_dI2 = zipWith(dE_dO2, dO2_dI2, (a, b) => a * b);
    const dI2_dW2 = O1;
    const dE_dW2 = mm(dI2_dW2, T(dE_dI2));
    const dE_dB2 = v.dE_dB2 ? v.dE_dB2(dE_dI2) : dE_dI2;
    const dI2_dO1 = v.dI2_dO1 ? v.dI2_dO1(W2) : W2;
    const dO1_dI1 = each(O1, (o) => o * (1 - o));
    const alpha = zipWith(mm(dI2_dO1, dE_dI2), dO1_dI1, (a, b) => a * b);
    const dI1_dW1 = x;
    const dE_dW1 = mm(dI1_dW1, T(alpha));
    const dE_dB1 = alpha;
    return { dE_dO2, dO2_dI2, dI2_dW2, dI2_dO1, dO1_dI1, dI1_dW1, alpha, dE_dW1, dE_dB1, dE_dW2, dE_dB2 };
  };
}

/** A student whose backward pass is the catalogue's chain with one slip (throws where the slip's shapes cannot chain). */
function catalogueStudent(slip: FactorSlip): StudentBackward {
  return (x, P) => {
    const p: Params = { W1: fromRows(P.W1), B1: fromRows(P.B1), W2: fromRows(P.W2), B2: fromRows(P.B2) };
    const f = slippedBackward(
      p,
      x.map((r) => r[0]),
      slip,
    );
    if (!f) throw new Error("the matrix shapes do not chain");
    return Object.fromEntries(Object.entries(f).map(([k, m]) => [k, toRows(m)]));
  };
}

test("relativeError is CS231n's: |a − b| / max(1e-8, |a| + |b|), worst entry", () => {
  const a = fromRows([[1, 0]]);
  const b = fromRows([[3, 0]]);
  assert.equal(relativeError(a, b), 0.5); // |1 − 3| / 4; the zeros give 0 / 1e-8 = 0
  assert.equal(relativeError(fromRows([[Number.NaN]]), fromRows([[1]])), Infinity);
});

test("a right backward pass in nested arrays: all factors right, at the assignment's sizes and at others", () => {
  for (const [n, h] of [
    [3, 2],
    [4, 3],
    [2, 5],
  ]) {
    const r = checkBackward(student(), { n, h });
    assert.equal(r.ok, true, checkText(r));
    assert.equal(r.firstWrong, null);
    assert.equal(r.slip, null);
    assert.equal(r.factors.length, 11); // ∂E/∂I2 is not part of the interface, and was not returned
    for (const f of r.factors)
      assert.ok(f.relErrorNumeric < 1e-5, `${f.name} against finite differences: ${f.relErrorNumeric}`);
  }
});

test("every factor slip of the catalogue is named at its own line, with every factor before it right", () => {
  for (const slip of factorSlips()) {
    const r = checkBackward(catalogueStudent(slip));
    assert.equal(r.ok, false, slip.id);
    assert.equal(r.firstWrong, slip.factor, `${slip.id}: ${checkText(r)}`);
    assert.equal(r.slipId, slip.id, `${slip.id}: ${checkText(r)}`);
    const at = CHAIN.indexOf(slip.factor);
    for (const f of r.factors)
      if (CHAIN.indexOf(f.name as (typeof CHAIN)[number]) < at) assert.ok(f.ok, `${slip.id}: ${f.name}`);
  }
});

test("hand-written slips are named: σ for σ′ at the output, and a dropped 2", () => {
  const sigma = checkBackward(student({ dO2_dI2: (O2) => O2 }));
  assert.equal(sigma.firstWrong, "dO2_dI2");
  assert.equal(sigma.slipId, "sigma-for-sigma-prime-output");
  assert.match(sigma.slip!, /σ is used where its derivative σ′ belongs/);
  const two = checkBackward(student({ dE_dO2: (O2, x) => zipWith(O2, x, (a, b) => a - b) }));
  assert.equal(two.firstWrong, "dE_dO2");
  assert.equal(two.slipId, "dropped-two");
  // Partial credit: the local factors that do not depend on ∂E/∂O2 are still right.
  assert.deepEqual(
    two.factors.filter((f) => f.ok).map((f) => f.name),
    ["dO2_dI2", "dI2_dW2", "dI2_dO1", "dO1_dI1", "dI1_dW1"],
  );
});

test("on a square network a missing transpose keeps every shape right and only the values wrong", () => {
  const r = checkBackward(student({ dI2_dO1: (W2) => T(W2) }), { n: 3, h: 3 });
  for (const f of r.factors) assert.equal(f.got, f.shape, `${f.name} has the right shape`);
  assert.equal(r.firstWrong, "dI2_dO1");
  assert.equal(r.slipId, "w2-transposed");
  assert.equal(r.factors.find((f) => f.name === "dI2_dO1")!.problem, "wrong values");
  assert.equal(r.error, null);
});

test("at n ≠ h the same slip cannot run, and the square network still names it", () => {
  const r = checkBackward(student({ dI2_dO1: (W2) => T(W2) }));
  assert.match(r.error!, /threw at n = 3, h = 2/);
  assert.equal(r.firstWrong, "dI2_dO1");
  assert.equal(r.slipId, "w2-transposed");
});

test("wrong shapes are named as such: a bias gradient returned as a row", () => {
  const r = checkBackward(student({ dE_dB2: (d) => T(d) }));
  assert.equal(r.firstWrong, "dE_dB2");
  const f = r.factors.find((x) => x.name === "dE_dB2")!;
  assert.equal(f.got, "1×3");
  assert.match(f.problem!, /^wrong shape: 1×3 where 3×1 belongs/);
  assert.equal(r.slipId, "transposed");
  assert.match(r.slip!, /shaped as a row/);
});

test("a flat array, a missing factor and library matrices", () => {
  const flat = checkBackward((x, p) => ({ ...student()(x, p), dE_dO2: [1, 2, 3] }));
  assert.match(flat.factors[0].problem!, /flat array of 3 numbers/);
  const missing = checkBackward((x, p) => ({ ...student()(x, p), alpha: undefined }));
  assert.equal(missing.firstWrong, "alpha");
  assert.match(missing.factors.find((f) => f.name === "alpha")!.problem!, /not returned/);
  const matrices = checkBackward((x, p) =>
    Object.fromEntries(Object.entries(student()(x, p)).map(([k, v]) => [k, fromRows(v as M)])),
  );
  assert.equal(matrices.ok, true);
});

test("a function that throws everywhere gets no factor, and the message says why", () => {
  const r = checkBackward(() => {
    throw new Error("not implemented");
  });
  assert.equal(r.ok, false);
  assert.match(r.error!, /not implemented/);
  assert.ok(r.factors.every((f) => !f.ok));
  assert.throws(
    () => checkBackward("studentBackward" as unknown as StudentBackward),
    /pass your backward function itself/,
  );
});

/** W ← W − k·η·(mean gradient), with the gradients of `backward` averaged over the rows of X: a student's update step. */
function meanGradientStep(backward: StudentBackward, k: (B: number) => number): StudentStep {
  return (X, P, lr) => {
    const grads = X.map((row) =>
      backward(
        row.map((v) => [v]),
        P,
      ),
    );
    const out: Record<string, M> = {};
    for (const [w, g] of [
      ["W1", "dE_dW1"],
      ["B1", "dE_dB1"],
      ["W2", "dE_dW2"],
      ["B2", "dE_dB2"],
    ] as const) {
      const mean = (i: number, j: number): number => grads.reduce((s, G) => s + (G[g] as M)[i][j], 0) / X.length;
      out[w] = P[w].map((r, i) => r.map((v, j) => v - k(X.length) * lr * mean(i, j)));
    }
    return out;
  };
}

test("the update step: right, the wrong sign, a batch's sum instead of its mean, and both", () => {
  const step = (k: (B: number) => number): StudentStep => meanGradientStep(student(), k);
  const ok = checkBackward(student(), { studentStep: step(() => 1) });
  assert.equal(ok.ok, true, checkText(ok));
  const sign = checkBackward(student(), { studentStep: step(() => -1) });
  assert.equal(sign.firstWrong, "step");
  assert.equal(sign.slipId, "update-sign");
  const sum = checkBackward(student(), { studentStep: step((B) => B) });
  assert.equal(sum.slipId, "sum-not-mean");
  const both = checkBackward(student(), { studentStep: step((B) => -B) });
  assert.equal(both.slipId, "update-sign+sum-not-mean");
});

test("the report marks the first wrong factor and states the slip", () => {
  const text = checkText(checkBackward(student({ dO2_dI2: (O2) => O2 })));
  const marked = text.split("\n").filter((l) => l.startsWith("✗ first wrong"));
  assert.equal(marked.length, 1);
  assert.match(marked[0], /∂O2\/∂I2/);
  assert.match(text, /First wrong factor: ∂O2\/∂I2 \(dO2_dI2\)/);
  assert.match(text, /Likely slip: σ is used/);
  assert.match(checkText(checkBackward(student())), /^All 11 factors right/m);
});

test("the step is judged on its own: a right step built on a wrong backward pass still counts", () => {
  const wrong = student({ dE_dO2: (O2, x) => zipWith(O2, x, (a, b) => a - b) });
  const step = meanGradientStep(wrong, () => 1);
  const r = checkBackward(wrong, { studentStep: step });
  assert.equal(r.firstWrong, "dE_dO2");
  assert.equal(r.factors.find((f) => f.name === "step")!.ok, true);
});

test("a test cell's message: none for a right factor, the slip on the first wrong one, a pointer to it on the others", () => {
  const r = checkBackward(student({ dO2_dI2: (O2) => O2 }));
  assert.equal(factorMessage(r, "dE_dO2"), null);
  assert.match(factorMessage(r, "dO2_dI2")!, /^∂O2\/∂I2 is wrong: .*\nLikely slip: σ is used/);
  assert.match(factorMessage(r, "alpha")!, /The first wrong factor is ∂O2\/∂I2; fix that one first/);
  assert.throws(() => factorMessage(r, "step"), /the check has no factor "step"/);
});
