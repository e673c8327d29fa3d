import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { columnForLines } from "../src/baselines/row-labels";
import { nearestCentroidAccuracy } from "../src/baselines/nearest-centroid";
import { fromRows } from "../src/linalg/matrix";

test("columnForLines picks a text column by file line, skipping blank lines as the readers do", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "row-labels-"));
  try {
    const file = path.join(dir, "d.csv");
    writeFileSync(file, "a,kind\n1,x\n\n2, y \n3,z\n");
    // Line 1 is the header, line 3 is blank: the records start on lines 2, 4 and 5.
    assert.deepEqual(await columnForLines(file, "kind", [5, 2, 4]), ["z", "x", "y"]);
    await assert.rejects(columnForLines(file, "species", [2]), /no such column; the header has a, kind/);
    await assert.rejects(columnForLines(file, "kind", [3]), /line 3.*no data record/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("nearestCentroidAccuracy: centroids of the training codes, worked by hand", () => {
  // Centroids: a at (0, 0) (mean of (−1, 0) and (1, 0)), b at (4, 4). Test rows: (1, 1) → a (right),
  // (3, 3) → b (right), (1.5, 2) labelled b → nearer to a (wrong): 2 of 3 right.
  const train = fromRows([
    [-1, 0],
    [1, 0],
    [4, 4],
  ]);
  const codes = fromRows([
    [1, 1],
    [3, 3],
    [1.5, 2],
  ]);
  assert.equal(nearestCentroidAccuracy(train, ["a", "a", "b"], codes, ["a", "b", "b"]), 2 / 3);
});
