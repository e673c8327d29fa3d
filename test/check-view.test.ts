import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBackward, checkBundle } from "../src/notebook/check-view";
import { checkText } from "../src/derivation/check-report";
import { slipById, slippedBackward, type FactorSlip } from "../src/model/slips";
import { fromRows, toRows } from "../src/linalg/matrix";
import { type StudentBackward } from "../src/derivation/check-backward";

/** backward.ts's chain over arrays of rows, with one slip of the catalogue written in. */
const slipped =
  (slip: FactorSlip): StudentBackward =>
  (x, q) => {
    const f = slippedBackward(
      { W1: fromRows(q.W1), B1: fromRows(q.B1), W2: fromRows(q.W2), B2: fromRows(q.B2) },
      x.map((r) => r[0]),
      slip,
    )!;
    return Object.fromEntries(Object.entries(f).map(([k, m]) => [k, toRows(m)]));
  };

test("outside a kernel checkBackward only returns the result; the bundle marks the first wrong row alone", () => {
  const r = checkBackward(slipped(slipById("dropped-two") as FactorSlip));
  assert.equal(r.firstWrong, "dE_dO2");
  const bundle = checkBundle(r);
  assert.equal(bundle["text/plain"], checkText(r));
  const rows = bundle["text/html"].match(/<tr[^>]*>/g)!;
  // The header row, then one row per factor; only the first factor's row (∂E/∂O2) is highlighted.
  assert.equal(rows.length, r.factors.length + 1);
  assert.deepEqual(
    rows.map((tr) => tr.includes("background")),
    [false, true, ...r.factors.slice(1).map(() => false)],
  );
  assert.match(bundle["text/html"], /Likely slip: the factor 2 of the squared error is dropped/);
});
