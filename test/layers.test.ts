import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/*
 * The library's folders in layers, lowest first. A file may import from its own layer or any layer
 * below it, never from one above, so the arrows of the house all point down:
 *
 *   linalg, random, format   numbers, randomness, text: no knowledge of the network
 *   model                    the network: parameters, forward, the derivation, its fused form
 *   autograd, tfjs           the two independent ways of differentiating it
 *   derivation               the derivation checked: each factor three ways, the tape read as equations, the grader
 *   train                    the trainer and one training method per way of computing gradients
 *   method-registry, replay  the registry naming those methods (src/method-registry.ts); a run embedded in a
 *                            report page, retrained and checked there
 *   data                     reading, scaling and splitting data sets
 *   experiment, baselines    runs, statistics, claims; PCA and the other yardsticks
 *   plot, graph              figures and the computational-graph picture
 *   notebook, browser        display helpers for tslab; the report page's live figures and their Web Worker
 *   cli                      the command line
 *   topics                   the entry points notebooks import from, one per topic (src/topics/)
 *   index                    the public API (src/index.ts): every topic at once
 *
 * A folder that is not listed fails the test: give it a layer here.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["linalg", "random", "format"],
  ["model"],
  ["autograd", "tfjs"],
  ["derivation"],
  ["train"],
  ["method-registry", "replay"],
  ["data"],
  ["experiment", "baselines"],
  ["plot", "graph"],
  ["notebook", "browser"],
  ["cli"],
  ["topics"],
  ["index"],
];

const SRC = path.join(__dirname, "..", "src");

/** The folder (or, for files at the top of src/, the file name without .ts) that holds `file`. */
function unitOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, "");
}

function layerOf(unit: string): number {
  const i = LAYERS.findIndex((l) => l.includes(unit));
  assert.ok(i >= 0, `src/${unit} has no layer: add it to LAYERS in test/layers.test.ts`);
  return i;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** Every relative import of every file in src/, found by TypeScript's own pre-processor (imports, re-exports, require(), import()). */
function imports(): { from: string; to: string }[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, "utf8"), true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => {
        const target = path.resolve(path.dirname(file), spec);
        const to = readdirSync(path.dirname(target)).includes(path.basename(target) + ".ts")
          ? target + ".ts"
          : path.join(target, "index.ts");
        return { from: file, to };
      }),
  );
}

test("the import parser sees every kind of import (a check of the check)", () => {
  const found = ts
    .preProcessFile(
      'import { a } from "./a";\nimport type { B } from "../b";\nexport * from "./c";\nconst d = require("./d");\nconst e: typeof import("./e") = d;',
      true,
      true,
    )
    .importedFiles.map((f) => f.fileName);
  assert.deepEqual(found.sort(), ["../b", "./a", "./c", "./d", "./e"]);
});

test("no file in src/ imports from a layer above its own", () => {
  const upward = imports()
    .filter(({ from, to }) => layerOf(unitOf(to)) > layerOf(unitOf(from)))
    .map(({ from, to }) => `${path.relative(SRC, from)} -> ${path.relative(SRC, to)}`);
  assert.deepEqual(upward, [], "imports that point up a layer");
});

test("no two folders of src/ import each other, directly or through others", () => {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of imports()) {
    const [a, b] = [unitOf(from), unitOf(to)];
    if (a !== b) next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const cycles: string[] = [];
  const visit = (unit: string, pathSoFar: string[]): void => {
    if (pathSoFar.includes(unit)) {
      cycles.push([...pathSoFar.slice(pathSoFar.indexOf(unit)), unit].join(" -> "));
      return;
    }
    for (const n of next.get(unit) ?? []) visit(n, [...pathSoFar, unit]);
  };
  for (const unit of next.keys()) visit(unit, []);
  assert.deepEqual(cycles, [], "cycles between folders");
});
