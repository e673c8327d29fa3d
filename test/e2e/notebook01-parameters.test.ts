/**
 * End to end: notebook 1 executed with other parameters (a 4-3-4 network: `hidden = 3` and a 4-value `x`)
 * must not say anything about the default 3-2-3 network. The parameters cell (tagged "parameters") is
 * rewritten in a temporary copy, the copy is executed by Jupyter's own executor (nbclient) in the project's
 * tslab kernel with the kernel's working directory in notebooks/ (so `from ".."` finds the compiled library
 * in dist/, built by `npm run build`), and the executed text (Markdown cells, and every output: Markdown,
 * HTML tables, the architecture SVG) is searched for size words of the old network.
 *
 * The errata cell (tagged "assignment-quotes") quotes the assignment, which is about the 3-2-3 network
 * whatever the parameters say, so it is left out of the search.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, ROOT, isolatedJupyterEnv } from "../../scripts/jupyter-env";

const NOTEBOOK = path.join(ROOT, "notebooks", "01_network_and_derivation.ipynb");

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: {
    output_type: string;
    name?: string;
    text?: string | string[];
    data?: Record<string, string | string[]>;
  }[];
}
interface Notebook {
  cells: Cell[];
}

const joined = (t: string | string[] | undefined): string => [t ?? ""].flat().join("");

/** nbclient, as scripts/execute-notebooks.py runs it: kernel "tslab", working directory given. */
const EXECUTE = `
import sys, nbformat
from nbclient import NotebookClient
src, out, cwd = sys.argv[1:4]
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, timeout=300, kernel_name="tslab", resources={"metadata": {"path": cwd}}).execute()
nbformat.write(nb, out)
`;

/** The default network's sizes, in the forms prose, tables, LaTeX and the picture would spell them. */
const STALE: [RegExp, string][] = [
  [/\b3-2-3\b/, "the 3-2-3 network"],
  [/\bn\s*=\s*3\b/, "n = 3"],
  [/\bh\s*=\s*2\b/, "h = 2"],
  [/\[0,\s*1\]\^\{?3\b/, "[0,1]^3"],
  [/\b(two|three)\s+(hidden|inputs?|outputs?|units?|columns?|numbers?|neurons?|nodes?)\b/i, "a size in words"],
  [/\b2\s+hidden\b|\b3\s+(inputs?|outputs?|output units)\b/, "a size in digits"],
  // A shape with a 2 in it (4-3-4 has none): "3×2", "2×1", "\mathbb{R}^{3\times 2}". Decimals like "2.2 × 10⁻¹⁶" are not shapes.
  [
    /(?<![\d.])2\s*(×|\\times)\s*\d+(?![\d.])|(?<![\d.])\d+\s*(×|\\times)\s*2(?![\d.⁰¹²³⁴⁵⁶⁷⁸⁹])/,
    "a shape of the 3-2-3 network",
  ],
  [/\b2\s*<\s*3\b/, "the comparison 2 < 3"],
];

test("notebook 1 run as a 4-3-4 network says nothing stale about 3-2-3", { timeout: 360_000 }, () => {
  assert.ok(existsSync(path.join(ROOT, "dist", "index.js")), "dist/ is missing: run `npm run build` first");
  const nb = JSON.parse(readFileSync(NOTEBOOK, "utf8")) as Notebook;
  const params = nb.cells.filter((c) => c.metadata.tags?.includes("parameters"));
  assert.equal(params.length, 1, "notebook 1 has exactly one cell tagged 'parameters'");
  const before = joined(params[0].source);
  const after = before
    .replace(/^const hidden = .*$/m, "const hidden = 3;")
    .replace(/^const x = .*$/m, "const x = [0.25, 0.6, 0.9, 0.4];");
  assert.match(after, /^const hidden = 3;$/m, "the parameters cell sets `hidden`");
  assert.match(after, /^const x = \[0\.25, 0\.6, 0\.9, 0\.4\];$/m, "the parameters cell sets `x`");
  params[0].source = after;

  const tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-nb01-"));
  try {
    const input = path.join(tmp, "01.ipynb");
    const output = path.join(tmp, "01.executed.ipynb");
    writeFileSync(input, JSON.stringify(nb));
    const r = spawnSync(PYTHON, ["-c", EXECUTE, input, output, path.join(ROOT, "notebooks")], {
      env: isolatedJupyterEnv(),
      encoding: "utf8",
      timeout: 300_000,
    });
    assert.equal(r.status, 0, `executing the notebook failed:\n${r.stderr.split("\n").slice(-15).join("\n")}`);
    const done = JSON.parse(readFileSync(output, "utf8")) as Notebook;

    const problems: string[] = [];
    const texts: string[] = [];
    done.cells.forEach((c, i) => {
      if (c.metadata.tags?.includes("assignment-quotes")) return;
      if (c.cell_type === "markdown") texts.push(`cell ${i + 1} (Markdown): ${joined(c.source)}`);
      for (const o of c.outputs ?? []) {
        if (o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
          problems.push(`cell ${i + 1}: ${joined(o.text).split("\n")[0]}`);
        const data = o.data ?? {};
        const shown = joined(data["text/markdown"]) + " " + joined(data["text/html"]).replace(/<[^>]+>/g, " ");
        texts.push(`cell ${i + 1} (output): ${shown}`);
      }
    });
    assert.deepEqual(problems, [], "the notebook ran without errors");

    const stale: string[] = [];
    for (const t of texts)
      for (const [re, what] of STALE) {
        const m = re.exec(t);
        if (m)
          stale.push(`${t.slice(0, t.indexOf(":"))}: ${what}: "…${t.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
      }
    assert.deepEqual(stale, [], "stale size words");

    // And the new sizes are there: the sentences really were regenerated, not just emptied.
    const all = texts.join("\n");
    for (const expected of ["4-3-4", "n = 4", "h = 3", "[0,1]^{4}", "4×3", "3×4"])
      assert.ok(all.includes(expected), `the executed notebook mentions ${expected}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
