import { test } from "node:test";
import assert from "node:assert/strict";
import { bands } from "../src/plot/bands";
import { errorCurves } from "../src/plot/curves";
import { differenceCurves } from "../src/plot/difference";
import { labelLogAxes, logTicks } from "../src/plot/log-ticks";

test("logTicks: decades only when two or more lie in the data; never the minor steps 2…9", () => {
  assert.deepEqual(logTicks([0.0042, 0.3, 0.02]), {
    tickvals: [0.001, 0.01, 0.1, 1],
    ticktext: ["0.001", "0.01", "0.1", "1"],
  });
  // the range that once lost its 10⁻² label: 200 epochs from 0.3 down to 0.0091
  assert.deepEqual(logTicks([0.3, 0.05, 0.0091])?.tickvals, [0.001, 0.01, 0.1, 1]);
});

test("logTicks: many decades are thinned to at most 8 labels, equally spaced", () => {
  const t = logTicks([1e-17, 0.5]);
  assert.ok(t);
  assert.ok(t.tickvals.length <= 9, `${t.tickvals.length} labels`); // 8 inside, one beyond the data
  const exps = t.tickvals.map((v) => Math.round(Math.log10(v)));
  const steps = new Set(exps.slice(1).map((e, i) => e - exps[i]));
  assert.deepEqual([...steps], [3]);
  assert.ok(t.ticktext.includes("10⁻¹⁷"), t.ticktext.join(" "));
});

test("logTicks: less than two decades → 1-2-5 steps, axis widened to a step on each side (≥ 2 labels)", () => {
  assert.deepEqual(logTicks([0.031, 0.038]), {
    tickvals: [0.02, 0.05],
    ticktext: ["0.02", "0.05"],
    range: [Math.log10(0.02) - 0.03, Math.log10(0.05) + 0.03],
  });
  assert.deepEqual(logTicks([0.004, 0.09])?.tickvals, [0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
  assert.deepEqual(logTicks([2e-5, 2e-5])?.ticktext, ["2 × 10⁻⁵", "5 × 10⁻⁵"]);
  assert.equal(logTicks([0, -1, null, NaN]), null, "nothing a log axis can draw");
});

test("every log axis of every builder gets array ticks from its own data, matched panels share them", () => {
  const h = (f: number) =>
    Array.from({ length: 201 }, (_, epoch) => ({
      epoch,
      trainError: f * 0.3 * Math.exp(-epoch / 50) + 0.009,
      testError: f * 0.35 * Math.exp(-epoch / 50) + 0.011,
      seconds: 0,
    }));
  const curves = errorCurves([{ label: "backprop", history: h(1) }], { title: "c" });
  assert.equal(curves.layout.yaxis.tickmode, "array");
  assert.ok(curves.layout.yaxis.ticktext?.includes("0.01") && curves.layout.yaxis.ticktext.includes("0.1"));
  const linear = errorCurves([{ label: "backprop", history: h(1) }], { title: "c", logY: false });
  assert.equal(linear.layout.yaxis.tickmode, undefined, "linear axes keep plotly's ticks");

  const b = bands([{ label: "autograd", histories: [h(1), h(1.2)] }], { title: "b" });
  assert.deepEqual(b.layout.yaxis2?.tickvals, b.layout.yaxis.tickvals);

  const d = differenceCurves({ label: "a", history: h(1) }, { label: "b", history: h(1 + 1e-14) });
  assert.equal(d.layout.yaxis.tickmode, "array");
  assert.ok((d.layout.yaxis.tickvals?.length ?? 0) >= 2);
  assert.equal(labelLogAxes(linear), linear, "returns the figure it was given");
});
