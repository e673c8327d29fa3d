/**
 * A data file can be hostile: its name and its column names reach the notebook's prose and tables, and a TA
 * opens the student's report. Notebook 02 runs here, through `npm run report`, on a CSV whose file name and
 * header carry markup (a backtick that would close a code span, <img onerror>, </code>, <script>, a
 * javascript: link, <svg onload>); then Chromium opens the HTML pages and must see no script of theirs run (no
 * dialog, window.__pwned never set) and every name shown as text.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, ROOT } from "../../scripts/jupyter-env";
import { NB_DIR, committedNotebooks } from "./executed-report";

/** The file's name: a backtick closes a code span written as `${dataFile}`, and what follows is HTML. */
const FILE = "x`<img src=x onerror=alert(7)>`y.csv";
const COLUMNS = [
  "x`<img src=x onerror=alert(7)>`y",
  "</code><script>window.__pwned='script'</script>",
  "[click](javascript:window.__pwned='link')",
  "<svg onload=window.__pwned='svg'>",
];

let nbDir = "";
let out = "";
let report: { status: number | null; stdout: string; stderr: string };

function csv(): string {
  const rows = [COLUMNS.join(",")];
  for (let i = 0; i < 60; i++) {
    const t = i / 59;
    rows.push([t, 1 - t * t, 0.5 + 0.4 * Math.sin(6 * t), t * t].map((v) => v.toFixed(4)).join(","));
  }
  return rows.join("\n") + "\n";
}

before(
  () => {
    const f = committedNotebooks().find((n) => n.startsWith("02"));
    assert.ok(f, "notebook 02 exists");
    // Beside notebooks/, so the copy's `from ".."` is the library; *.tmp is git-ignored.
    nbDir = `${mkdtempSync(path.join(ROOT, "e2e-hostile-"))}.tmp`;
    rmSync(nbDir.slice(0, -4), { recursive: true, force: true });
    mkdirSync(nbDir);
    out = path.join(mkdtempSync(path.join(os.tmpdir(), "backprop-lab-hostile-")), "report");
    writeFileSync(path.join(nbDir, FILE), csv());
    // Notebook 02 reads its data file and columns from parameters.json beside it: the hostile names go there.
    const parameters = JSON.parse(readFileSync(path.join(NB_DIR, "parameters.json"), "utf8")) as {
      data: { file: string; columns: string[]; labelColumn: string };
      training: { epochs: number };
    };
    parameters.data.file = FILE;
    parameters.data.columns = COLUMNS.slice(0, 3);
    parameters.data.labelColumn = "";
    parameters.training.epochs = 20;
    writeFileSync(path.join(nbDir, "parameters.json"), JSON.stringify(parameters));
    copyFileSync(path.join(NB_DIR, f), path.join(nbDir, f));
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "scripts", "report.ts"), "--notebooks", nbDir, "--out", out, "--no-build"],
      { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
    );
    report = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  },
  { timeout: 360_000 },
);
after(() => {
  if (nbDir) rmSync(nbDir, { recursive: true, force: true });
  if (out) rmSync(path.dirname(out), { recursive: true, force: true });
});

test("the report of notebook 02 on a hostile CSV is made", () => {
  assert.equal(report.status, 0, report.stderr);
});

for (const page of ["02_backprop_from_scratch.html", "report.html"]) {
  test(`${page}: no script from the data runs, and the names are shown as text`, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    try {
      const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
      const p = await context.newPage();
      const dialogs: string[] = [];
      p.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await p.goto(pathToFileURL(path.join(out, page)).href, { waitUntil: "load" });
      await p.waitForFunction("document.querySelectorAll('.plotly-graph-div .main-svg').length >= 1", undefined, {
        timeout: 30_000,
      });
      // Click every link, as a reader might: a javascript: link must not run either.
      await p.evaluate("document.querySelectorAll('a').forEach((a) => a.click())");
      await p.waitForTimeout(500);
      const pwned = await p.evaluate("window.__pwned");
      assert.equal(pwned, undefined, "window.__pwned was set by a script from the data");
      assert.deepEqual(dialogs, [], "a dialog opened");
      const body = (await p.evaluate("document.body.innerText")) as string;
      for (const name of [FILE, ...COLUMNS.slice(0, 3)])
        assert.ok(body.includes(name), `"${name}" is shown as text on ${page}`);
      const injected = (await p.evaluate(
        "[document.querySelectorAll('img[onerror], svg[onload]').length," +
          " [...document.querySelectorAll('a')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length]",
      )) as [number, number];
      assert.deepEqual(injected, [0, 0], "no element from the data with a handler, no javascript: link");
      // The report's own scripts still run: the figures are drawn.
      const drawn = (await p.evaluate("document.querySelectorAll('.plotly-graph-div .main-svg').length")) as number;
      assert.ok(drawn >= 3, `figures drawn (${drawn})`);
      await context.close();
    } finally {
      await browser.close();
    }
  });
}

test("the executed notebook's Markdown puts each name in a code span fenced longer than its backticks", () => {
  const nb = readFileSync(path.join(out, "02_backprop_from_scratch.ipynb"), "utf8");
  assert.ok(nb.includes(JSON.stringify("``x`<img src=x onerror=alert(7)>`y.csv``").slice(1, -1)), "the file's name");
});
