import { test } from "node:test";
import assert from "node:assert/strict";
import { errorCurves } from "../src/plot/curves";
import { logTicks } from "../src/plot/log-ticks";
import { MAX_CURVE_POINTS, reduceCurve } from "../src/plot/reduce";

/** A decaying curve with a one-epoch spike and a one-epoch dip somewhere in the middle. */
function longCurve(n: number, spikeAt: number, dipAt: number): { x: number[]; y: number[] } {
  const x = Array.from({ length: n }, (_, i) => i);
  const y = x.map((i) => 0.5 / (1 + i / 100));
  y[spikeAt] = 3;
  y[dipAt] = 1e-9;
  return { x, y };
}

test("reduceCurve: short curves are kept whole", () => {
  const { x, y } = longCurve(100, 10, 20);
  assert.deepEqual(reduceCurve(x, y, 200), { x, y });
});

test("reduceCurve: a million points become at most maxPoints, keeping both ends, a one-point spike and dip", () => {
  const n = 1_000_000;
  const { x, y } = longCurve(n, 654_321, 123_457);
  const r = reduceCurve(x, y, 2000);
  assert.ok(r.x.length <= 2000, `${r.x.length} points`);
  assert.equal(r.x[0], 0);
  assert.equal(r.x[r.x.length - 1], n - 1);
  assert.ok(r.x.includes(654_321), "the spike's epoch is kept");
  assert.ok(r.x.includes(123_457), "the dip's epoch is kept");
  assert.equal(Math.max(...r.y.map((v) => v ?? 0)), 3);
  for (let i = 1; i < r.x.length; i++) assert.ok(r.x[i] > r.x[i - 1], "in order, no repeats");
  r.x.forEach((e, i) => assert.equal(r.y[i], y[e], `the point at epoch ${e} is the curve's own`));
});

test("reduceCurve: a stretch with nothing to draw keeps a gap", () => {
  const x = Array.from({ length: 10_000 }, (_, i) => i);
  const y: (number | null)[] = x.map((i) => (i >= 5000 && i < 6000 ? null : 1 / (1 + i)));
  const r = reduceCurve(x, y, 100);
  assert.ok(r.y.includes(null));
});

test("a run of 10⁶ epochs plots: log ticks from a million values, a figure of a few thousand points", () => {
  const n = 1_000_001;
  const history = Array.from({ length: n }, (_, epoch) => ({
    epoch,
    trainError: 0.4 / (1 + epoch / 50),
    testError: 0.5 / (1 + epoch / 50),
    seconds: 1e-6,
  }));
  const ticks = logTicks(history.map((r) => r.trainError));
  assert.ok(ticks && ticks.tickvals.length >= 2);
  const fig = errorCurves([{ label: "backprop", history }], { title: "long" });
  for (const t of fig.data) {
    assert.ok(t.x.length <= MAX_CURVE_POINTS, `${t.name}: ${t.x.length} points`);
    assert.equal(t.x[t.x.length - 1], n - 1, `${t.name} ends at the last epoch`);
  }
});
