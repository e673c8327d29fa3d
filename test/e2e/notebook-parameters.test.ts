/**
 * Notebook 02 follows parameters.json: run on a 4-column CSV with 3 hidden units, its text names the new
 * sizes and none of the defaults' (3 columns, 2 hidden units, Iris's 150 rows). Executed once here, headless
 * (nbclient), on a copy of the notebook beside an edited copy of the parameters file, as a user would edit it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PYTHON, ROOT, isolatedJupyterEnv } from "../../scripts/jupyter-env";
import { PLOTLY_MIME } from "../../src/notebook/figure-bundle";
import { type Figure } from "../../src/plot/figure";
import { NB_DIR, committedNotebooks } from "./executed-report";

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }[];
}
const text = (t: unknown): string => [t ?? ""].flat().join("");

let dir = "";
let executed: Cell[] = [];
let stderr = "";

/** 97 rows of four columns in [0, 10], none constant, from a fixed formula (a new file: nothing of Iris's). */
function fourColumnCsv(): string {
  const rows = ["alpha,beta,gamma,delta"];
  for (let i = 0; i < 97; i++) {
    const t = i / 96;
    rows.push(
      [10 * t, 5 + 4 * Math.sin(7 * t), 10 * t * t, 3 + 2 * Math.cos(5 * t) + t].map((v) => v.toFixed(4)).join(","),
    );
  }
  return rows.join("\n") + "\n";
}

before(
  () => {
    const f = committedNotebooks().find((n) => n.startsWith("02"));
    assert.ok(f, "notebook 02 exists");
    // Beside notebooks/, so the copy's `from ".."` is the library; *.tmp is git-ignored.
    dir = `${mkdtempSync(path.join(ROOT, "e2e-params-"))}.tmp`;
    rmSync(dir.slice(0, -4), { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(path.join(dir, "four.csv"), fourColumnCsv());
    // As a student would: the one parameters file edited, the notebook untouched.
    const parameters = JSON.parse(readFileSync(path.join(NB_DIR, "parameters.json"), "utf8")) as {
      data: Record<string, unknown>;
      network: Record<string, unknown>;
      training: Record<string, unknown>;
    };
    parameters.data.file = "four.csv";
    parameters.data.columns = ["alpha", "beta", "gamma", "delta"];
    parameters.network.hidden = 3;
    parameters.training.epochs = 50;
    writeFileSync(path.join(dir, "parameters.json"), JSON.stringify(parameters));
    const nb = readFileSync(path.join(NB_DIR, f), "utf8");
    writeFileSync(path.join(dir, f), nb);
    const r = spawnSync(
      PYTHON,
      [path.join(ROOT, "test", "e2e", "execute-notebook.py"), path.join(dir, f), path.join(dir, "out.ipynb")],
      { env: isolatedJupyterEnv(), encoding: "utf8", timeout: 300_000 },
    );
    stderr = r.stderr;
    assert.equal(r.status, 0, `notebook 02 with 4 columns and 3 hidden units failed: ${r.stderr}`);
    executed = (JSON.parse(readFileSync(path.join(dir, "out.ipynb"), "utf8")) as { cells: Cell[] }).cells;
  },
  { timeout: 360_000 },
);
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("notebook 02 on a 4-column CSV with 3 hidden units: no error, and prose that names the new sizes only", () => {
  assert.equal(stderr.trim(), "");
  const problems = executed.flatMap((c) =>
    (c.outputs ?? []).filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr")),
  );
  assert.deepEqual(problems, []);
  // The text a reader reads: Markdown cells, Markdown and plain-text outputs, table captions, figure titles.
  const prose = executed
    .flatMap((c) =>
      c.cell_type === "markdown"
        ? [text(c.source)]
        : (c.outputs ?? []).flatMap((o) => [
            text(o.data?.["text/markdown"]),
            ...[...text(o.data?.["text/html"]).matchAll(/<caption>(.*?)<\/caption>/g)].map((m) => m[1]),
            (o.data?.[PLOTLY_MIME] as Figure | undefined)?.layout.title.text ?? "",
          ]),
    )
    .join("\n");
  assert.match(prose, /4-3-4/, "the network's shape");
  assert.match(prose, /\b97 rows\b/, "the data's row count");
  assert.match(prose, /through 3 hidden units/);
  const stale = [
    /\b3-2-3\b/,
    /\bthree\b/i,
    /\btwo hidden\b/i,
    /\b2-unit\b/,
    /\b2 hidden\b/,
    // Iris's row count, as a number of its own: not part of 1,150 or 0.150, nor a time such as "150 ms".
    /(?<![\d,.])150(?!\d|[,.]\d)(?! ?(?:ms|µs|s)\b)/,
    /\biris\b/i,
    /\bflowers?\b/i,
  ];
  for (const re of stale) assert.doesNotMatch(prose, re, `stale words from the default parameters: ${re}`);
});
