import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRows } from "../src/linalg/matrix";
import { baselineBars } from "../src/plot/baseline-bars";
import { hiddenCodeScatter } from "../src/plot/hidden-code-scatter";

test("baselineBars: one train and one test bar per model, in the given order, labelled with the values", () => {
  const fig = baselineBars([
    { label: "constant", train: 0.238, test: 0.303 },
    { label: "PCA, 2", train: 0.0029, test: 0.0031 },
  ]);
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ["training rows", "test rows"],
  );
  assert.deepEqual(fig.data[0].x, ["constant", "PCA, 2"]);
  assert.deepEqual(fig.data[0].y, [0.238, 0.0029]);
  assert.deepEqual(fig.data[1].y, [0.303, 0.0031]);
  assert.deepEqual(fig.data[1].text, ["0.30", "0.0031"]);
  assert.equal(fig.layout.yaxis.type, "log");
  assert.equal(baselineBars([{ label: "a", train: 1, test: null }]).data.length, 1, "no test bars without test errors");
  assert.throws(() => baselineBars([{ label: "bad", train: NaN, test: 1 }]), /"bad" has an error/);
  assert.throws(() => baselineBars([]), /no models/);
});

test("hiddenCodeScatter: one trace per group (and per filled/open), every row plotted once", () => {
  const codes = fromRows([
    [0.1, 0.2],
    [0.3, 0.4],
    [0.5, 0.6],
    [0.7, 0.8],
  ]);
  const fig = hiddenCodeScatter(codes, { groups: ["a", "b", "a", "b"], openRows: new Set([3]) });
  assert.deepEqual(
    fig.data.map((t) => [t.name, t.x, t.y]),
    [
      ["a", [0.1, 0.5], [0.2, 0.6]],
      ["b", [0.3], [0.4]],
      ["b (open: test row)", [0.7], [0.8]],
    ],
  );
  assert.notEqual(fig.data[0].marker?.color, fig.data[1].marker?.color, "groups differ in colour");
  assert.equal(fig.data[2].marker?.symbol, `${fig.data[1].marker?.symbol}-open`);
  assert.throws(() => hiddenCodeScatter(fromRows([[1, 2, 3]])), /2 columns/);
  assert.throws(() => hiddenCodeScatter(codes, { groups: ["a"] }), /1 group names for 4 rows/);
});
