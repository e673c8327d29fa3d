import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { columnForLines } from "../src/baselines/row-labels";

test("columnForLines picks a text column by file line, skipping blank lines as the readers do", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "row-labels-"));
  try {
    const file = path.join(dir, "d.csv");
    writeFileSync(file, "a,kind\n1,x\n\n2, y \n3,z\n");
    // Line 1 is the header, line 3 is blank: the records start on lines 2, 4 and 5.
    assert.deepEqual(columnForLines(file, "kind", [5, 2, 4]), ["z", "x", "y"]);
    assert.throws(() => columnForLines(file, "species", [2]), /no such column; the header has a, kind/);
    assert.throws(() => columnForLines(file, "kind", [3]), /line 3.*no data record/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
