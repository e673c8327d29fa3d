/**
 * The report's contract on small throwaway notebooks: a good run writes every file; a failing cell stops it
 * with one line naming the notebook, the cell and the error, and the previous report stays as it was.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT, isolatedJupyterEnv } from "../scripts/jupyter-env";

let tmp: string;
let nbDir: string;
let out: string;

function notebook(cells: { md?: string; code?: string }[]): string {
  return JSON.stringify({
    cells: cells.map((c) =>
      c.md !== undefined
        ? { cell_type: "markdown", metadata: {}, source: c.md }
        : { cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: c.code ?? "" },
    ),
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 4,
  });
}

function report(): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts", "report.ts"), "--notebooks", nbDir, "--out", out, "--no-build"],
    { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-report-test-"));
  nbDir = path.join(tmp, "nbs");
  out = path.join(tmp, "out");
  mkdirSync(nbDir);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test("no notebooks: a one-line error and a non-zero exit", () => {
  const r = report();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^report: no notebooks \(\*\.ipynb\) in .*nbs\n/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

test("a good notebook: executed and signed .ipynb, HTML, PDF and manifest, the source untouched", () => {
  const source = notebook([
    { md: "# A small notebook" },
    { code: "const a: number = 6 * 7;" },
    { code: "console.log(a)" },
  ]);
  writeFileSync(path.join(nbDir, "a_good.ipynb"), source);
  const r = report();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[1\/1\] a_good\.ipynb +[\d.]+ s/);
  assert.deepEqual(readdirSync(out).sort(), ["a_good.html", "a_good.ipynb", "backprop-lab-report.pdf", "report.json"]);
  assert.equal(readFileSync(path.join(nbDir, "a_good.ipynb"), "utf8"), source, "the source notebook is only read");
  const executed = JSON.parse(readFileSync(path.join(out, "a_good.ipynb"), "utf8")) as {
    cells: { cell_type: string; execution_count?: number | null; outputs?: { text?: string | string[] }[] }[];
  };
  // nbformat stores multi-line text as a list of lines
  assert.equal([executed.cells[2].outputs?.[0].text ?? ""].flat().join(""), "42\n");
  assert.deepEqual(
    executed.cells.filter((c) => c.cell_type === "code").map((c) => c.execution_count),
    [1, 2],
  );
  const check = spawnSync(
    PYTHON,
    [
      "-c",
      "import sys, nbformat; from nbformat.sign import NotebookNotary; " +
        "print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))",
      path.join(out, "a_good.ipynb"),
    ],
    { env: isolatedJupyterEnv(), encoding: "utf8" },
  );
  assert.equal(check.stdout.trim(), "True", `the executed notebook is signed in .jupyter/data: ${check.stderr}`);
  const manifest = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as {
    notebooks: { title: string; pdf: { firstPage: number; pages: number } }[];
  };
  assert.equal(manifest.notebooks[0].title, "A small notebook");
  assert.equal(manifest.notebooks[0].pdf.firstPage, 1);
});

test("a failing cell: notebook, cell number and error in one line; the previous report is kept", () => {
  const before = readFileSync(path.join(out, "report.json"), "utf8");
  writeFileSync(
    path.join(nbDir, "b_bad.ipynb"),
    notebook([
      { md: "# Bad" },
      { code: "const b = 1;" },
      { md: "text" },
      { code: 'throw new RangeError("deliberate")' },
    ]),
  );
  const r = report();
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split("\n");
  assert.match(
    lines[0],
    /^report: b_bad\.ipynb, cell 4 \(throw new RangeError\("deliberate"\)\): RangeError: deliberate$/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.equal(readFileSync(path.join(out, "report.json"), "utf8"), before, "the previous report is unchanged");
  assert.deepEqual(readdirSync(out).sort(), ["a_good.html", "a_good.ipynb", "backprop-lab-report.pdf", "report.json"]);
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.endsWith(".tmp")),
    [],
    "the temporary build folder is removed",
  );
});

test("a compile error is reported with its line and column in the cell", () => {
  writeFileSync(path.join(nbDir, "b_bad.ipynb"), notebook([{ code: "let ok = 1;\nconst x: number = 'text';" }]));
  const r = report();
  assert.equal(r.status, 1);
  assert.match(
    r.stderr.split("\n")[0],
    /^report: b_bad\.ipynb, cell 1 \(let ok = 1;\): line 2, column 7: Type 'string' is not assignable to type 'number'\.$/,
  );
});
