/**
 * The report compiles the library only when dist/ is older than its sources: an edit, a new file or a
 * renamed one (which keeps its time but changes its folder's) must each trigger the build.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isBuildCurrent } from "../scripts/build-library";

function at(file: string, seconds: number): void {
  utimesSync(file, seconds, seconds);
}

test("dist/ is current only when its oldest output is newer than every source, folder and setting", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-build-"));
  try {
    for (const d of ["src/model", "dist/model"]) mkdirSync(path.join(root, d), { recursive: true });
    const files = {
      src: path.join(root, "src", "index.ts"),
      srcModel: path.join(root, "src", "model", "a.ts"),
      tsconfig: path.join(root, "tsconfig.json"),
      pkg: path.join(root, "package.json"),
      out: path.join(root, "dist", "index.js"),
      outModel: path.join(root, "dist", "model", "a.js"),
    };
    for (const f of Object.values(files)) writeFileSync(f, "");
    const sourcesAt = (t: number): void => {
      for (const f of [files.src, files.tsconfig, files.pkg]) at(f, t);
      at(path.join(root, "src"), t);
      at(path.join(root, "src", "model"), t);
    };
    sourcesAt(1000);
    at(files.srcModel, 1000);
    at(files.out, 2000);
    at(files.outModel, 2000);
    assert.equal(isBuildCurrent(root), true, "built after every change");

    at(files.srcModel, 2500);
    assert.equal(isBuildCurrent(root), false, "a source edited after the build");
    at(files.srcModel, 1000);

    renameSync(files.srcModel, path.join(root, "src", "model", "b.ts"));
    at(path.join(root, "src", "model", "b.ts"), 1000); // a rename keeps the file's time…
    assert.equal(isBuildCurrent(root), false, "…but not its folder's");
    sourcesAt(1000);
    at(path.join(root, "src", "model", "b.ts"), 1000);

    at(files.outModel, 900);
    assert.equal(isBuildCurrent(root), false, "one output older than the sources");
    at(files.outModel, 2000);
    at(files.tsconfig, 3000);
    assert.equal(isBuildCurrent(root), false, "compiler settings changed");
    at(files.tsconfig, 1000);
    rmSync(files.out);
    assert.equal(isBuildCurrent(root), false, "no dist/index.js");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
