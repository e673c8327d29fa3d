/**
 * End to end, on the real notebooks/: `npm run report` executes them all (into a temporary folder), then
 * - every notebook ran top to bottom with no error and no stderr output;
 * - a browser opens each exported HTML offline and finds every figure drawn, unclipped, with no script error;
 * - the PDF has every notebook's pages, each section starting with its title, no blank page, and each
 *   figure's title printed as text on a page with ink (plotly draws titles only when it draws the figure);
 * - the classic Notebook server (Debian's) on 127.0.0.1 opens a notebook, runs all cells in the browser,
 *   and every figure draws.
 * Set BACKPROP_LAB_SHOTS=<folder> to keep screenshots of what the browser saw.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser } from "playwright-core";
import { COUNT_FIGURES_JS, launchChromium, offlinePage, waitForFigures } from "../scripts/browser";
import { ROOT } from "../scripts/jupyter-env";
import { startNotebookServer } from "../scripts/nbserver";
import { type Manifest, MANIFEST_NAME, PDF_NAME } from "../scripts/report";
import { FIGURE_CLASS, plainTitle } from "../src/notebook/plotly-html";
import { type Figure } from "../src/plot/figure";

const NB_DIR = path.join(ROOT, "notebooks");
const SHOTS = process.env.BACKPROP_LAB_SHOTS;

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; display_name?: string; language?: string } };
}

const text = (t: string | string[] | undefined): string => [t ?? ""].flat().join("");
const readNotebook = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8")) as Notebook;
/** Letters and digits only: PDF text extraction may differ from the source in spaces and symbols. */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The figures a notebook's outputs carry, as show() emitted them (the test's own count, from the .ipynb). */
function figuresIn(nb: Notebook): Figure[] {
  const figs: Figure[] = [];
  for (const cell of nb.cells)
    for (const out of cell.outputs ?? []) {
      const html = text(out.data?.["text/html"]);
      for (const m of html.matchAll(/var fig=(.*?),t0=Date\.now\(\)/g)) figs.push(JSON.parse(m[1]) as Figure);
      const divs = html.split(`class="plotly-graph-div ${FIGURE_CLASS}"`).length - 1;
      assert.equal(divs, [...html.matchAll(/var fig=/g)].length, "every figure div has its script");
    }
  return figs;
}

const notebooks = readdirSync(NB_DIR)
  .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
  .sort();

describe("the notebooks, end to end", () => {
  let tmp = "";
  let out = "";
  let manifest: Manifest;
  let browser: Browser;
  const hashes = new Map<string, string>();
  const hashOf = (f: string): string =>
    createHash("sha256")
      .update(readFileSync(path.join(NB_DIR, f)))
      .digest("hex");

  before(
    async () => {
      assert.ok(notebooks.length > 0, `${NB_DIR} has no .ipynb files: there is nothing to test`);
      for (const f of notebooks) hashes.set(f, hashOf(f));
      tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-e2e-"));
      out = path.join(tmp, "report");
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "scripts", "report.ts"), "--out", out, "--no-build"],
        { cwd: ROOT, encoding: "utf8", timeout: 480_000 },
      );
      assert.equal(r.status, 0, `the report failed:\n${r.stderr}\n${r.stdout}`);
      manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_NAME), "utf8")) as Manifest;
      browser = await launchChromium();
      if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    },
    { timeout: 540_000 },
  );
  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("the committed notebooks declare the tslab kernel and carry no outputs", () => {
    for (const f of notebooks) {
      const nb = readNotebook(path.join(NB_DIR, f));
      assert.deepEqual(
        nb.metadata.kernelspec,
        { name: "tslab", display_name: "TypeScript", language: "typescript" },
        `${f}: kernelspec`,
      );
      nb.cells.forEach((c, i) => {
        if (c.cell_type !== "code") return;
        assert.deepEqual(c.outputs, [], `${f}, cell ${i + 1}: committed with outputs`);
        assert.equal(c.execution_count, null, `${f}, cell ${i + 1}: committed with an execution count`);
      });
    }
  });

  test("the report ran every notebook, in name order, and left notebooks/ unchanged", () => {
    assert.deepEqual(
      manifest.notebooks.map((n) => n.notebook),
      notebooks,
    );
    for (const f of notebooks) assert.equal(hashOf(f), hashes.get(f), `${f} was modified by the report`);
  });

  test("every notebook executed top to bottom without an error or stderr output", () => {
    const problems: string[] = [];
    for (const f of notebooks) {
      const nb = readNotebook(path.join(out, f));
      nb.cells.forEach((c, i) => {
        if (c.cell_type !== "code") return;
        if (typeof c.execution_count !== "number") problems.push(`${f}, cell ${i + 1}: not executed`);
        for (const o of c.outputs ?? []) {
          if (o.output_type === "error") problems.push(`${f}, cell ${i + 1}: error output`);
          if (o.output_type === "stream" && o.name === "stderr")
            problems.push(`${f}, cell ${i + 1}: stderr: ${text(o.text).trim().split("\n")[0]}`);
        }
      });
    }
    assert.deepEqual(problems, []);
  });

  test(
    "each HTML export, opened offline, draws every figure unclipped with no script error",
    { timeout: 120_000 },
    async () => {
      for (const f of notebooks) {
        const expected = figuresIn(readNotebook(path.join(out, f))).length;
        const entry = manifest.notebooks.find((n) => n.notebook === f);
        assert.equal(entry?.figures, expected, `${f}: figures counted by the report`);
        const { context, page, problems } = await offlinePage(browser);
        try {
          await page.goto(pathToFileURL(path.join(out, f.replace(/\.ipynb$/, ".html"))).href, { waitUntil: "load" });
          const [drawn, total] = await waitForFigures(page, 30_000);
          assert.deepEqual([drawn, total], [expected, expected], `${f}: [drawn, present] figures`);
          const clipped = (await page.evaluate(
            "[...document.querySelectorAll('.plotly-graph-div')].filter((d) => {" +
              " const svg = d.querySelector('.main-svg'); if (!svg) return false;" +
              " const r = svg.getBoundingClientRect(), c = d.getBoundingClientRect();" +
              " return r.right > document.documentElement.clientWidth + 1 || r.width > c.width + 1; }).length",
          )) as number;
          assert.equal(clipped, 0, `${f}: figures wider than the page`);
          const broken = (await page.evaluate(
            "[...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.alt || i.src.slice(0, 40))",
          )) as string[];
          assert.deepEqual(broken, [], `${f}: images that did not load`);
          assert.deepEqual(problems.pageErrors, [], `${f}: script errors`);
          assert.deepEqual(problems.blockedRequests, [], `${f}: network requests (must work offline)`);
          if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${f}.html.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }
    },
  );

  test("the PDF: every notebook's pages, each starting with its title; no blank page; figures printed", () => {
    const pdf = path.join(out, PDF_NAME);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    assert.equal(pages, manifest.pages);
    const pageText = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).split("\f");
    assert.doesNotMatch(pageText.join(""), /is not drawn: run the notebook/, "a figure placeholder was printed");

    const ink = inkPerPage(pdf, tmp);
    assert.equal(ink.length, pages);
    ink.forEach((v, i) => assert.ok(v > 0.002, `page ${i + 1} is blank (ink ${v})`));

    let expectedFirst = 1;
    for (const [k, f] of notebooks.entries()) {
      const entry = manifest.notebooks[k];
      assert.equal(entry.pdf.firstPage, expectedFirst, `${f}: starts on a new page right after the previous one`);
      assert.ok(entry.pdf.pages >= 1, `${f}: has pages`);
      expectedFirst += entry.pdf.pages;
      const first = squash(pageText[entry.pdf.firstPage - 1]);
      assert.ok(first.includes(squash(entry.title)), `${f}: title "${entry.title}" not on its first page`);
      const section = pageText.slice(entry.pdf.firstPage - 1, entry.pdf.firstPage - 1 + entry.pdf.pages);
      for (const fig of figuresIn(readNotebook(path.join(out, f)))) {
        const title = squash(plainTitle(fig.layout.title.text));
        const at = section.findIndex((t) => squash(t).includes(title));
        assert.ok(at >= 0, `${f}: figure "${fig.layout.title.text}" not printed`);
        const v = ink[entry.pdf.firstPage - 1 + at];
        assert.ok(v > 0.01, `${f}: the page with figure "${fig.layout.title.text}" is nearly blank (ink ${v})`);
      }
    }
    assert.equal(expectedFirst - 1, pages, "the sections cover the whole PDF");
  });

  test(
    "the classic Notebook opens a notebook, runs all its cells in the browser, and every figure draws",
    { timeout: 240_000 },
    async () => {
      // The quickest notebook that has figures (or the quickest at all), copied next to notebooks/ so that
      // its `from ".."` still finds the library, and so that autosave cannot touch the committed file.
      const withFigures = manifest.notebooks.filter((n) => n.figures > 0);
      const pick = [...(withFigures.length ? withFigures : manifest.notebooks)].sort(
        (a, b) => a.executeSeconds - b.executeSeconds,
      )[0];
      const dir = mkdtempSync(path.join(ROOT, ".nbui-"));
      const uiDir = `${dir}.tmp`; // *.tmp is git-ignored
      rmSync(dir, { recursive: true });
      mkdirSync(uiDir);
      copyFileSync(path.join(NB_DIR, pick.notebook), path.join(uiDir, pick.notebook));
      const server = await startNotebookServer(uiDir);
      const { context, page, problems } = await offlinePage(browser, { width: 1100, allowOrigins: [server.base] });
      try {
        const specs = (await (await fetch(server.url("api/kernelspecs"))).json()) as {
          kernelspecs: Record<string, { spec: { argv: string[] } }>;
        };
        assert.match(specs.kernelspecs.tslab?.spec.argv.join(" ") ?? "", /node_modules\/tslab\/bin\/tslab/);

        await page.goto(server.url(`notebooks/${encodeURIComponent(pick.notebook)}`), { waitUntil: "load" });
        // Ready = connected and kernel_info answered (tslab's reply has no "status" field).
        await page.waitForFunction(
          "window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel" +
            " && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply.protocol_version",
          undefined,
          { timeout: 60_000 },
        );
        assert.equal(await page.evaluate("Jupyter.notebook.kernel.name"), "tslab");
        await page.evaluate("Jupyter.notebook.execute_all_cells()");
        const budget = Math.max(60_000, 5_000 * pick.executeSeconds);
        await page.waitForFunction(
          "Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')" +
            ".every((c) => typeof c.input_prompt_number === 'number')",
          undefined,
          { timeout: budget, polling: 200 },
        );
        const [drawn, total] = await waitForFigures(page, 30_000);
        const shot = SHOTS ? path.join(SHOTS, `${pick.notebook}.classic.png`) : null;
        if (shot) await page.screenshot({ path: shot, fullPage: true });
        assert.deepEqual([drawn, total], [pick.figures, pick.figures], "[drawn, present] figures after Run All");
        assert.deepEqual(await page.evaluate(COUNT_FIGURES_JS), [pick.figures, pick.figures]);
        const stderr = (await page.evaluate(
          "[...document.querySelectorAll('.output_stderr, .output_error')].map((e) => e.textContent.trim().slice(0, 200))",
        )) as string[];
        assert.deepEqual(stderr, [], "error or stderr output in the browser");
        assert.deepEqual(problems.pageErrors, [], "script errors in the Notebook page");
      } catch (e) {
        if (e instanceof Error)
          e.message += `\n(Notebook server log, last lines:\n${server.log().split("\n").slice(-15).join("\n")})`;
        throw e;
      } finally {
        await context.close();
        await server.stop();
        rmSync(uiDir, { recursive: true, force: true });
      }
      assert.throws(() => process.kill(-server.pid, 0), /ESRCH/, "the Notebook server and its kernels are gone");
    },
  );
});

/** The fraction of dark pixels on each PDF page, rendered in grey at 24 dpi by poppler's pdftoppm. */
function inkPerPage(pdf: string, tmp: string): number[] {
  const dir = mkdtempSync(path.join(tmp, "pages-"));
  execFileSync("pdftoppm", ["-gray", "-r", "24", pdf, path.join(dir, "p")]);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".pgm"))
    .sort((a, b) => Number(/(\d+)\.pgm$/.exec(a)?.[1]) - Number(/(\d+)\.pgm$/.exec(b)?.[1]))
    .map((f) => {
      const buf = readFileSync(path.join(dir, f));
      // Binary PGM: "P5 <width> <height> <maxval>" and one whitespace byte, then one byte per pixel.
      const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.toString("latin1", 0, 64));
      assert.ok(m, `${f} is not a binary PGM`);
      const n = Number(m[1]) * Number(m[2]);
      let dark = 0;
      for (let i = m[0].length; i < m[0].length + n; i++) if (buf[i] < 200) dark++;
      return dark / n;
    });
}
