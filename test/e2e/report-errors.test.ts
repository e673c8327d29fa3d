/**
 * The report's contract on small throwaway notebooks: a good run writes every file (executed and signed
 * notebooks with static figures, HTML pages that work with nothing outside the report folder, one PDF with
 * contents and bookmarks); a failing cell, or an error thrown later by a timer, stops it with one line naming
 * the notebook and the cell, and the previous report stays as it was; a killed run leaves no temporary folder.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, PYTHON, ROOT, isolatedJupyterEnv } from "../../scripts/jupyter-env";
import { readOutline } from "../../scripts/pdf";

let tmp: string;
let nbDir: string;
let out: string;
let config: string;

/** The library by absolute path: the notebooks live outside the project, where `from ".."` would not find it. */
const LIB = JSON.stringify(ROOT);

function notebook(
  cells: { md?: string; code?: string; tags?: string[] }[],
  meta: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    cells: cells.map((c) => {
      const metadata = c.tags ? { tags: c.tags } : {};
      return c.md !== undefined
        ? { cell_type: "markdown", metadata, source: c.md }
        : { cell_type: "code", execution_count: null, metadata, outputs: [], source: c.code ?? "" };
    }),
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, ...meta },
    nbformat: 4,
    nbformat_minor: 4,
  });
}

const GOOD = notebook(
  [
    { md: "# A small notebook\n\nThe error $E = \\sum_k (\\hat x_k - x_k)^2$ is typeset.\n\n## Numbers" },
    { code: "const a: number = 6 * 7;" },
    { code: "console.log(a)" },
    { md: "## A figure" },
    {
      code:
        `import { initPlotly, show, errorCurves, showMarkdown } from ${LIB};\ninitPlotly();\n` +
        "const h = [0.5, 0.3, 0.2].map((e, epoch) => ({ epoch, trainError: e, testError: e + 0.1, seconds: 0 }));\n" +
        'show(errorCurves([{ label: "backprop", history: h }], { title: "Tiny curves" }));\n' +
        'showMarkdown("Computed: $\\\\sigma(0) = 0.5$");',
    },
    { md: "Only in the lab book: how to run it.", tags: ["lab-only"] },
    { md: "## Evidence\n\nA check that a grader may skip.", tags: ["appendix"] },
    { code: "showMarkdown(`The answer is ${a}.`);", tags: ["answer"] },
    { md: "## Discussion\n<!-- your words -->", tags: ["discussion"] },
  ],
  { backprop_lab: { question: "Question 3", title: "A small notebook, titled in its metadata" } },
);

/** node's arguments for the report on the test notebooks into `target`, then `args`. */
function reportArgv(target: string, args: string[] = []): string[] {
  return [
    "--import",
    "tsx",
    path.join(ROOT, "scripts", "report.ts"),
    ...["--notebooks", nbDir, "--out", target, "--config", config, "--no-build"],
    ...args,
  ];
}

function report(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, reportArgv(out, args), { cwd: ROOT, encoding: "utf8", timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-report-test-"));
  nbDir = path.join(tmp, "nbs");
  out = path.join(tmp, "out");
  config = path.join(tmp, "report.config.json");
  writeFileSync(
    config,
    JSON.stringify({ title: "Test report", author: "A. Student", course: "NN 101", date: "1 May 2026" }),
  );
  mkdirSync(nbDir);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test("no notebooks: a one-line error and a non-zero exit", () => {
  const r = report();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^report: no notebooks \(\*\.ipynb\) in .*nbs\n/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

const FILES = ["a_good.html", "a_good.ipynb", "backprop-lab-report.pdf", "plotly.min.js", "report.html", "report.json"];

test("a good notebook: executed, signed .ipynb with a static figure, HTML pages, PDF, manifest; the source untouched", () => {
  writeFileSync(path.join(nbDir, "a_good.ipynb"), GOOD);
  const r = report();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[1\/1\] a_good\.ipynb +[\d.]+ s/);
  assert.deepEqual(readdirSync(out).sort(), FILES);
  assert.equal(readFileSync(path.join(nbDir, "a_good.ipynb"), "utf8"), GOOD, "the source notebook is only read");
  type Out = { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> };
  const executed = JSON.parse(readFileSync(path.join(out, "a_good.ipynb"), "utf8")) as {
    cells: { cell_type: string; execution_count?: number | null; outputs?: Out[] }[];
  };
  // nbformat stores multi-line text as a list of lines
  assert.equal([executed.cells[2].outputs?.[0].text ?? ""].flat().join(""), "42\n");
  const outputs = executed.cells[4].outputs ?? [];
  const html = outputs.map((o) => [o.data?.["text/html"] ?? ""].flat().join(""));
  assert.ok(!html.some((h) => h.includes("(function(define,module,exports)")), "the plotly.js loader is left out");
  const fig = outputs.find(
    (o) => o.data?.["text/html"] && [o.data["text/html"]].flat().join("").includes("plotly-graph-div"),
  );
  assert.ok(fig?.data, "the figure output is there");
  const svg = [fig.data["image/svg+xml"] ?? ""].flat().join("");
  assert.match(svg, /^<svg[\s\S]*Tiny curves[\s\S]*<\/svg>$/, "a static SVG with the figure's title");
  assert.match([fig.data["text/html"]].flat().join(""), /<img [^>]*src="data:image\/svg\+xml;base64,/);
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
    generator: string;
    files: string[];
    notebooks: { title: string; question: string; staticFigures: number; pdf: { firstPage: number } }[];
  };
  assert.equal(manifest.generator, "backprop-lab report");
  assert.deepEqual(manifest.files, FILES);
  assert.equal(manifest.notebooks[0].title, "A small notebook, titled in its metadata");
  assert.equal(manifest.notebooks[0].question, "Question 3");
  assert.equal(manifest.notebooks[0].staticFigures, 1);
});

test("the hand-in: title page, the answers at a glance with the right page numbers, appendix, bookmarks; tags obeyed", () => {
  const pdf = path.join(out, "backprop-lab-report.pdf");
  const pages = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" })
    .split("\f")
    .map((p) => p.replace(/\s+/g, " "));
  assert.match(pages[0], /Test report.*A\. Student.*NN 101.*1 May 2026/);
  assert.match(pages[0], /\b1 ?\/ ?\d+/, "page numbers in the footer");
  const glance = pages.findIndex((p) => p.includes("The answers at a glance"));
  assert.equal(glance, 1, "the answers follow the title page");
  assert.match(pages[glance], /The answer is 42\./, "the answer cell's output, computed in the notebook");
  // Each page reference must point at the page that shows what it names.
  const section = /Argued in section 1, page (\d+)/.exec(pages[glance]);
  assert.ok(section, pages[glance]);
  assert.ok(pages[Number(section[1]) - 1].includes("Question 3 · A small notebook, titled in its metadata"));
  const appendix = /appendix, from page (\d+)/.exec(pages[glance]);
  assert.ok(appendix, pages[glance]);
  assert.match(pages[Number(appendix[1]) - 1], /Appendix: the evidence.*A check that a grader may skip/);
  const text = pages.join(" ");
  assert.doesNotMatch(text, /Only in the lab book/, "a lab-only cell stays out of the hand-in");
  assert.doesNotMatch(text, /Discussion/, "an unwritten discussion stays out");
  assert.doesNotMatch(text, /6 \* 7|initPlotly/, "no code by default");
  assert.doesNotMatch(text, /In \[ ?\d* ?\]:/, "no prompts");
  assert.match(text, /Figure 1\. Tiny curves/, "the figure is numbered and captioned");
  const manifest = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as {
    handIn: { glancePage: number; appendix: { firstPage: number } | null };
  };
  assert.equal(manifest.handIn.glancePage, 2);
  assert.equal(manifest.handIn.appendix?.firstPage, Number(appendix[1]));
  const lab = readFileSync(path.join(out, "a_good.html"), "utf8");
  assert.match(lab, /Only in the lab book/, "the lab book keeps every cell");
  assert.match(lab, /initPlotly/, "and its code");
  const outline = readOutline(pdf);
  const squash = (s: string): string => s.replace(/\s+/g, "");
  for (const title of [
    "The answers at a glance",
    "Question 3 · A small notebook, titled in its metadata",
    "A figure",
  ]) {
    const b = outline.find((o) => squash(o.title) === squash(title));
    assert.ok(b, `a bookmark "${title}" in ${JSON.stringify(outline)}`);
    assert.ok(
      squash(pages[b.page - 1]).includes(squash(title)),
      `bookmark "${title}" points at page ${b.page}, which shows it`,
    );
  }
});

test("the HTML pages show typeset maths and every figure with nothing reachable outside the report folder", async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const allowed = pathToFileURL(out).href + "/";
    for (const file of ["a_good.html", "report.html"]) {
      const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
      const blocked: string[] = [];
      // Blocks the network and every other file, Debian's /usr/share/javascript included.
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(allowed)) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(allowed + file, { waitUntil: "load" });
      await page.waitForFunction("document.querySelectorAll('.plotly-graph-div .main-svg').length >= 1", undefined, {
        timeout: 30_000,
      });
      const state = (await page.evaluate(
        "[document.querySelectorAll('.plotly-graph-div').length, [...document.querySelectorAll('.plotly-graph-div')].filter((d) => d.querySelector('.main-svg')).length," +
          " document.querySelectorAll('mjx-container svg').length," +
          " (() => { const c = document.body.cloneNode(true); c.querySelectorAll('pre, code, script, style').forEach((e) => e.remove()); return c.textContent; })()]",
      )) as [number, number, number, string];
      assert.equal(state[0], 1, `${file}: one figure`);
      assert.equal(state[1], 1, `${file}: drawn`);
      assert.ok(state[2] >= 2, `${file}: the formulas are typeset (${state[2]})`);
      assert.doesNotMatch(state[3], /\\sum|\\hat|\\sigma|\$/, `${file}: no raw TeX outside code`);
      assert.deepEqual(blocked, [], `${file}: asked for nothing outside the folder`);
      assert.deepEqual(errors, [], `${file}: script errors`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});

test("--show-code: the hand-in prints the code too; a written discussion is printed; figures fit", () => {
  const shown = path.join(tmp, "shown");
  writeFileSync(path.join(nbDir, "a_good.ipynb"), GOOD.replace("<!-- your words -->", "I think the answer holds."));
  try {
    const r = spawnSync(process.execPath, reportArgv(shown, ["--show-code"]), {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 180_000,
    });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    writeFileSync(path.join(nbDir, "a_good.ipynb"), GOOD);
  }
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(shown, "backprop-lab-report.pdf"), "-"], {
    encoding: "utf8",
  });
  assert.match(text, /6 \* 7/, "the code is printed");
  assert.match(text, /Figure 1\. Tiny curves/);
  assert.match(text, /Discussion[\s\S]*I think the answer holds\./, "the written discussion");
  assert.doesNotMatch(text, /Only in the lab book/, "lab-only stays out with code shown too");
  const manifest = JSON.parse(readFileSync(path.join(shown, "report.json"), "utf8")) as { figuresTooWide: unknown[] };
  assert.deepEqual(manifest.figuresTooWide, [], "every figure fits its column with code shown");
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
  assert.deepEqual(readdirSync(out).sort(), FILES);
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.endsWith(".tmp")),
    [],
    "the temporary build folder is removed",
  );
});

test("an error thrown by a timer after its cell finished fails the report, naming notebook and cell", () => {
  const before = readFileSync(path.join(out, "report.json"), "utf8");
  writeFileSync(
    path.join(nbDir, "b_bad.ipynb"),
    notebook([{ code: "const c = 1;" }, { code: 'setTimeout(() => { throw new Error("late") }, 10);\n"scheduled"' }]),
  );
  const r = report();
  assert.equal(r.status, 1, r.stdout);
  assert.match(
    r.stderr.split("\n")[0],
    /^report: b_bad\.ipynb, cell 2 \(setTimeout.*\): Error: late \(thrown after a cell had finished/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at |Timeout\._onTimeout/, "no stack trace");
  assert.equal(readFileSync(path.join(out, "report.json"), "utf8"), before, "the previous report is unchanged");
});

test("a notebook that is not JSON is named", () => {
  writeFileSync(path.join(nbDir, "b_bad.ipynb"), "{ not json");
  const r = report();
  assert.equal(r.status, 1);
  assert.match(r.stderr.split("\n")[0], /^report: b_bad\.ipynb: is not a readable notebook \(.+\)$/);
  assert.doesNotMatch(r.stderr, /Traceback|\n\s+at /);
});

test("a compile error is reported with its line and column in the cell", () => {
  writeFileSync(path.join(nbDir, "b_bad.ipynb"), notebook([{ code: "let ok = 1;\nconst x: number = 'text';" }]));
  const r = report();
  assert.equal(r.status, 1);
  assert.match(
    r.stderr.split("\n")[0],
    /^report: b_bad\.ipynb, cell 1 \(let ok = 1;\): line 2, column 7: Type 'string' is not assignable to type 'number'\.$/,
  );
  rmSync(path.join(nbDir, "b_bad.ipynb"));
});

test("a report replaces its own previous report; a file added to it makes it refuse", () => {
  const before = JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")) as { seconds: { total: number } };
  const r = report();
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), FILES);
  const afterwards = readFileSync(path.join(out, "report.json"), "utf8");
  assert.notDeepEqual(JSON.parse(afterwards), before, "a new manifest");
  writeFileSync(path.join(out, "my-notes.txt"), "keep me");
  const refused = report();
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /holds "my-notes\.txt"/);
  assert.equal(readFileSync(path.join(out, "my-notes.txt"), "utf8"), "keep me");
  rmSync(path.join(out, "my-notes.txt"));
});

for (const when of ["while the notebooks run", "while the PDF is printed"]) {
  test(`SIGTERM ${when} leaves no temporary folder, here or in the system temp folder`, async () => {
    const sysTmpBefore = new Set(readdirSync(os.tmpdir()));
    const slow = path.join(nbDir, "c_slow.ipynb");
    if (when.includes("notebooks"))
      writeFileSync(slow, notebook([{ code: "await new Promise((resolve) => setTimeout(resolve, 60000));" }]));
    const child = spawn(process.execPath, reportArgv(out), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      // Wait for the step: the work folder, then (for the PDF) the combined document written just before printing.
      const work = (): string | undefined => readdirSync(tmp).find((f) => /^\.out-\d+-[0-9a-f]{8}\.tmp$/.test(f));
      const reached = (): boolean => {
        const w = work();
        if (!w) return false;
        return when.includes("notebooks")
          ? readdirSync(path.join(tmp, w)).length === 0
          : existsSync(path.join(tmp, w, "report.html"));
      };
      for (let i = 0; i < 1200 && !reached() && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(reached(), `the run reached the step (${when})`);
      child.kill("SIGTERM");
      assert.equal(await exited, 143);
      assert.deepEqual(
        readdirSync(tmp).filter((f) => f.endsWith(".tmp")),
        [],
        "no temporary folder beside --out",
      );
      const leftovers = readdirSync(os.tmpdir()).filter(
        (f) => !sysTmpBefore.has(f) && f.startsWith("backprop-lab-pdf-"),
      );
      assert.deepEqual(leftovers, [], "no PDF temporary folder");
      assert.deepEqual(readdirSync(out).sort(), FILES, "the previous report is kept");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(slow, { force: true });
    }
  });
}
