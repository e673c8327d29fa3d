/**
 * What a report carries, it carries whole or says it did not. A cell that prints 20,000 lines reaches the
 * executed notebook and the PDF capped, with a visible "… N lines not shown" line and a warning; a 5 MB line
 * likewise; output after thousands of lines and an error's message survive; a picture beside a notebook is
 * copied into the report, one that cannot be is named; a figure that never draws is named with its notebook;
 * a notebook without a kernel is named; `kill -9` of the report leaves no kernel running.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, ROOT } from "../../scripts/jupyter-env";

/** The library by absolute path: the notebooks live outside the project, where `from ".."` would not find it. */
const LIB = JSON.stringify(ROOT);

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let tmp = "";
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-output-"));
  writeFileSync(path.join(tmp, "report.config.json"), JSON.stringify({ title: "Output test", author: "A. Student" }));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function notebook(cells: { md?: string; code?: string }[], kernelspec = true): string {
  return JSON.stringify({
    cells: cells.map((c) =>
      c.md !== undefined
        ? { cell_type: "markdown", metadata: {}, source: c.md }
        : { cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: c.code ?? "" },
    ),
    metadata: kernelspec ? { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } } : {},
    nbformat: 4,
    nbformat_minor: 4,
  });
}

/** A folder of notebooks (name → JSON) under tmp. */
function notebooks(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (const [f, content] of Object.entries(files)) writeFileSync(path.join(dir, f), content);
  return dir;
}

function argv(nbDir: string, out: string, extra: string[] = []): string[] {
  return [
    "--import",
    "tsx",
    path.join(ROOT, "scripts", "report.ts"),
    // A title page with an author, so that stderr holds only what the test provokes (no "Your Name" warning).
    ...["--notebooks", nbDir, "--out", out, "--config", path.join(tmp, "report.config.json"), "--no-build", ...extra],
  ];
}

function report(nbDir: string, out: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, argv(nbDir, out), { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Output = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> };
const text = (t: unknown): string => [t ?? ""].flat().join("");

test("long output: capped visibly in the notebook, the HTML and the PDF, with warnings; nothing after it lost", async () => {
  const nbDir = notebooks("long", {
    "a_lines.ipynb": notebook([
      { code: "for (let i = 0; i < 20000; i++) console.log(`line ${i}`);" },
      {
        code:
          `import { showMarkdown, showHtml } from ${LIB};\n` +
          "for (let i = 0; i < 5000; i++) console.log(`x ${i}`);\n" +
          'showMarkdown("**after five thousand lines**");',
      },
      { code: 'console.log("y".repeat(5_000_000));' },
      { code: 'showHtml("<p>a looping script follows</p><script>for(;;){}</script>");' },
    ]),
    "b_pictures.ipynb": notebook([
      { md: "# Pictures\n\n![d](diagram.png)\n\n![m](missing.png)\n\n![o](../outside.png)" },
      { code: "1 + 1" },
    ]),
    "diagram.png": "",
  });
  writeFileSync(path.join(nbDir, "diagram.png"), PNG);
  writeFileSync(path.join(tmp, "outside.png"), PNG);
  const out = path.join(tmp, "long-report");
  const r = report(nbDir, out);
  assert.equal(r.status, 0, r.stderr);

  // The warnings name notebook, cell and what was cut or left out.
  assert.match(
    r.stderr,
    /a_lines\.ipynb, cell 1: output cut to the report's caps: 20,000 lines of stdout: 19,500 lines not shown/,
  );
  assert.match(r.stderr, /a_lines\.ipynb, cell 2: output cut .*5,000 lines of stdout: 4,500 lines not shown/);
  assert.match(r.stderr, /a_lines\.ipynb, cell 3: output cut .*4,900,001 characters not shown/);
  assert.match(r.stderr, /b_pictures\.ipynb: the picture "missing\.png" is not found beside the notebook/);
  assert.match(r.stderr, /b_pictures\.ipynb: the picture "\.\.\/outside\.png" is outside the notebook's folder/);

  // The executed notebook: head, the marker, the tail; the Markdown after 5,000 lines is there.
  const cells = (
    JSON.parse(readFileSync(path.join(out, "a_lines.ipynb"), "utf8")) as { cells: { outputs: Output[] }[] }
  ).cells;
  const streams = cells[0].outputs.filter((o) => o.output_type === "stream");
  assert.equal(streams.length, 1, "adjacent writes are one stream output");
  const lines = text(streams[0].text).split("\n");
  assert.deepEqual(lines.slice(0, 2), ["line 0", "line 1"]);
  assert.equal(lines[449], "line 449");
  assert.match(lines[450], /^… 19,500 lines not shown/);
  assert.deepEqual(lines.slice(451, 453), ["line 19950", "line 19951"]);
  assert.equal(lines[500], "line 19999");
  const md = cells[1].outputs.find((o) => o.output_type === "display_data");
  assert.equal(text(md?.data?.["text/markdown"]), "**after five thousand lines**");
  assert.ok(text(cells[2].outputs[0].text).length < 110_000, "the 5 MB line is cut to about 100,000 characters");

  // The PDF says so too, and stays short.
  const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(out, "backprop-lab-report.pdf"), "-"], {
    encoding: "utf8",
  });
  assert.match(pdf, /19,500 lines not shown/);
  const pages = pdf.split("\f").length - 1;
  assert.ok(pages < 60, `${pages} pages`);

  // The picture beside the notebook is in the report, and drawn there.
  assert.deepEqual(readFileSync(path.join(out, "diagram.png")), PNG);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, "report.html")).href, { waitUntil: "load" });
    const width = await page.evaluate("document.querySelector('img[src=\"diagram.png\"]').naturalWidth");
    assert.equal(width, 1, "diagram.png drawn in report.html");
  } finally {
    await browser.close();
  }
});

test("an error after 20,000 lines keeps its message, naming notebook and cell", () => {
  const nbDir = notebooks("throw", {
    "c_throw.ipynb": notebook([
      { code: "const a = 1;" },
      { code: 'for (let i = 0; i < 20000; i++) console.log(`line ${i}`);\nthrow new Error("boom after the lines");' },
    ]),
  });
  const r = report(nbDir, path.join(tmp, "throw-report"));
  assert.equal(r.status, 1);
  assert.match(r.stderr.split("\n")[0], /^report: c_throw\.ipynb, cell 2 \(for .*\): Error: boom after the lines$/);
});

test("a notebook without a kernelspec is named, with what to do", () => {
  const nbDir = notebooks("nokernel", { "d_nokernel.ipynb": notebook([{ code: "1" }], false) });
  const r = report(nbDir, path.join(tmp, "nokernel-report"));
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^report: d_nokernel\.ipynb: names no kernel in its metadata \(kernelspec\); the notebooks run in "tslab": .*choose the kernel/,
  );
  assert.doesNotMatch(r.stderr, /None/);
});

test("a figure that never draws fails the PDF naming its notebook", () => {
  const nbDir = notebooks("undrawn", {
    "e_fine.ipynb": notebook([
      {
        code:
          `import { initPlotly, show, errorCurves } from ${LIB};\ninitPlotly();\n` +
          'show(errorCurves([{ label: "a", history: [{ epoch: 0, trainError: 1, testError: 1, seconds: 0 }] }], { title: "Fine" }));',
      },
    ]),
    "f_undrawn.ipynb": notebook([
      {
        code: `import { showHtml } from ${LIB};\nshowHtml('<div class="plotly-graph-div" style="height:50px"></div>');`,
      },
    ]),
  });
  const r = report(nbDir, path.join(tmp, "undrawn-report"));
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^report: printing the PDF failed: 1 of 2 figures were not drawn after 45 s in f_undrawn\.ipynb/,
  );
});

/** The processes below `pid`, by /proc. */
function descendants(pid: number): { pid: number; cmd: string }[] {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const cmd = readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ");
        return { pid: Number(d), ppid, cmd };
      } catch {
        return null;
      }
    })
    .filter((p): p is { pid: number; ppid: number; cmd: string } => p !== null);
  const found: { pid: number; cmd: string }[] = [];
  const walk = (p: number): void => {
    for (const c of all.filter((x) => x.ppid === p)) {
      found.push({ pid: c.pid, cmd: c.cmd });
      walk(c.pid);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number): boolean =>
  existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));

test("kill -9 of the report: its executor and kernel stop too, instead of running the cell on", async () => {
  const nbDir = notebooks("busy", { "g_busy.ipynb": notebook([{ code: "for (;;) {}" }]) });
  const child = spawn(process.execPath, argv(nbDir, path.join(tmp, "busy-report"), ["--timeout", "300"]), {
    cwd: ROOT,
    stdio: "ignore",
  });
  let below: { pid: number; cmd: string }[] = [];
  try {
    for (let i = 0; i < 1200 && !below.some((p) => p.cmd.includes("kernel.cjs")); i++) {
      await new Promise((r) => setTimeout(r, 100));
      below = descendants(child.pid ?? -1);
    }
    assert.ok(
      below.some((p) => p.cmd.includes("kernel.cjs")),
      "the kernel started",
    );
    await new Promise((r) => setTimeout(r, 1000)); // the cell is running
    child.kill("SIGKILL");
    let left = below;
    for (let i = 0; i < 300 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = left.filter((p) => alive(p.pid));
    }
    assert.deepEqual(left, [], "processes of the killed report still running");
  } finally {
    for (const p of below) if (alive(p.pid)) process.kill(p.pid, "SIGKILL");
  }
});
