/**
 * End to end, on the real notebooks/, reading the one execution of test/e2e/executed-report.ts
 * (`npm run report` into .e2e/):
 * - the committed notebooks are clean and say which assignment question they answer;
 * - every notebook ran top to bottom with no error and no stderr output;
 * - every figure is one output bundle: plotly JSON, the interactive HTML (unique id) and a text line;
 * - a browser opens each exported HTML offline and finds every figure drawn, unclipped, with no script error;
 * - the PDF has no blank page and prints every figure's title on a page with ink.
 * The JupyterLab front end is tested in test/jupyterlab.test.ts. Set BACKPROP_LAB_SHOTS=<folder> to keep
 * screenshots of what the browser saw.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser } from "playwright-core";
import { launchChromium, offlinePage, waitForFigures } from "../../scripts/browser";
import { pageCount } from "../../scripts/pdf";
import { PDF_NAME } from "../../scripts/report";
import { PLOTLY_MIME } from "../../src/notebook/figure-bundle";
import { FIGURE_CLASS, plainTitle } from "../../src/notebook/plotly-html";
import { type Figure } from "../../src/plot/figure";
import { type ExecutedReport, NB_DIR, executedReport } from "./executed-report";

const SHOTS = process.env.BACKPROP_LAB_SHOTS;

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    backprop_lab?: { question?: unknown; title?: unknown };
  };
}

const text = (t: unknown): string => [t ?? ""].flat().join("");
const readNotebook = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8")) as Notebook;
/** Letters and digits only: PDF text extraction may differ from the source in spaces and symbols. */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The figure outputs of a notebook: the outputs whose bundle has the plotly MIME type. */
function figureOutputs(nb: Notebook): Record<string, unknown>[] {
  return nb.cells.flatMap((c) =>
    (c.outputs ?? []).filter((o) => o.data && PLOTLY_MIME in o.data).map((o) => o.data as Record<string, unknown>),
  );
}
const figuresIn = (nb: Notebook): Figure[] => figureOutputs(nb).map((d) => d[PLOTLY_MIME] as Figure);

describe("the notebooks, end to end", () => {
  let report: ExecutedReport;
  let browser: Browser;
  let tmp = "";

  before(
    async () => {
      report = executedReport();
      assert.ok(report.notebooks.length > 0, `${NB_DIR} has no .ipynb files: there is nothing to test`);
      tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-e2e-"));
      browser = await launchChromium();
      if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    },
    { timeout: 900_000 },
  );
  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("the committed notebooks: tslab kernel, no outputs", () => {
    for (const f of report.notebooks) {
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

  test("every notebook names the assignment question it answers (metadata.backprop_lab, read by the report)", () => {
    const missing = report.notebooks.filter((f) => {
      const meta = readNotebook(path.join(NB_DIR, f)).metadata.backprop_lab;
      return !(typeof meta?.question === "string" && meta.question && typeof meta.title === "string" && meta.title);
    });
    assert.deepEqual(missing, [], "notebooks without backprop_lab {question, title}");
  });

  test("the report ran every notebook, in name order", () => {
    assert.deepEqual(
      report.manifest.notebooks.map((n) => n.notebook),
      report.notebooks,
    );
  });

  test("every notebook executed top to bottom without an error or stderr output", () => {
    const problems: string[] = [];
    for (const f of report.notebooks) {
      const nb = readNotebook(path.join(report.dir, f));
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

  test("every figure is one bundle: plotly JSON, its HTML with a unique id, and a text line", () => {
    for (const f of report.notebooks) {
      const nb = readNotebook(path.join(report.dir, f));
      const ids: string[] = [];
      for (const data of figureOutputs(nb)) {
        const fig = data[PLOTLY_MIME] as Figure;
        assert.ok(Array.isArray(fig.data) && fig.layout && fig.config, `${f}: {data, layout, config}`);
        const html = text(data["text/html"]);
        const id = new RegExp(`<div id="([^"]+)" class="plotly-graph-div ${FIGURE_CLASS}"`).exec(html)?.[1];
        assert.ok(id, `${f}: figure "${fig.layout.title.text}" has its HTML`);
        ids.push(id);
        const embedded = /var fig=(.*?),t0=Date\.now\(\)/.exec(html)?.[1];
        assert.deepEqual(JSON.parse(embedded ?? "null"), fig, `${f}: the HTML draws the same figure`);
        assert.equal(text(data["text/plain"]), `Figure: ${plainTitle(fig.layout.title.text)}`);
      }
      assert.equal(new Set(ids).size, ids.length, `${f}: figure ids are unique`);
      // Every figure in the HTML parts is one of these bundles (none shown as HTML alone).
      const htmlFigures = nb.cells
        .flatMap((c) => c.outputs ?? [])
        .reduce(
          (n, o) => n + (text(o.data?.["text/html"]).split(`class="plotly-graph-div ${FIGURE_CLASS}"`).length - 1),
          0,
        );
      assert.equal(htmlFigures, ids.length, `${f}: figures outside a bundle`);
    }
  });

  interface HtmlCheck {
    expected: number;
    drawn: number;
    total: number;
    clipped: number;
    broken: string[];
    pageErrors: string[];
    blockedRequests: string[];
  }
  let htmlChecks: Promise<Map<string, HtmlCheck>> | null = null;
  /** Opens each exported HTML once, offline, and records what it showed; the two tests below read it. */
  function checkHtml(): Promise<Map<string, HtmlCheck>> {
    htmlChecks ??= (async () => {
      const results = new Map<string, HtmlCheck>();
      for (const f of report.notebooks) {
        const expected = figuresIn(readNotebook(path.join(report.dir, f))).length;
        const { context, page, problems } = await offlinePage(browser);
        try {
          await page.goto(pathToFileURL(path.join(report.dir, f.replace(/\.ipynb$/, ".html"))).href, {
            waitUntil: "load",
          });
          const [drawn, total] = await waitForFigures(page, 30_000);
          const clipped = (await page.evaluate(
            "[...document.querySelectorAll('.plotly-graph-div')].filter((d) => {" +
              " const svg = d.querySelector('.main-svg'); if (!svg) return false;" +
              " const r = svg.getBoundingClientRect(), c = d.getBoundingClientRect();" +
              " return r.right > document.documentElement.clientWidth + 1 || r.width > c.width + 1; }).length",
          )) as number;
          const broken = (await page.evaluate(
            "[...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.alt || i.src.slice(0, 40))",
          )) as string[];
          if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${f}.html.png`), fullPage: true });
          results.set(f, { expected, drawn, total, clipped, broken, ...problems });
        } finally {
          await context.close();
        }
      }
      return results;
    })();
    return htmlChecks;
  }

  test("each HTML export draws every figure, unclipped, with no script error", { timeout: 180_000 }, async () => {
    for (const [f, r] of await checkHtml()) {
      const entry = report.manifest.notebooks.find((n) => n.notebook === f);
      assert.equal(entry?.figures, r.expected, `${f}: figures counted by the report`);
      assert.deepEqual([r.drawn, r.total], [r.expected, r.expected], `${f}: [drawn, present] figures`);
      assert.equal(r.clipped, 0, `${f}: figures wider than the page`);
      assert.deepEqual(r.broken, [], `${f}: images that did not load`);
      assert.deepEqual(r.pageErrors, [], `${f}: script errors`);
    }
  });

  test("each HTML export works offline: it requests nothing from the network", { timeout: 180_000 }, async () => {
    for (const [f, r] of await checkHtml()) assert.deepEqual(r.blockedRequests, [], `${f}: network requests`);
  });

  test("the PDF: no blank page, every figure's title printed on a page with ink", () => {
    const pdf = path.join(report.dir, PDF_NAME);
    const pages = pageCount(pdf);
    assert.equal(pages, report.manifest.pages);
    const pageText = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).split("\f");
    assert.doesNotMatch(pageText.join(""), /is not drawn: run the notebook/, "a figure placeholder was printed");
    const ink = inkPerPage(pdf, tmp);
    assert.equal(ink.length, pages);
    ink.forEach((v, i) => assert.ok(v > 0.002, `page ${i + 1} is blank (ink ${v})`));
    for (const f of report.notebooks)
      for (const fig of figuresIn(readNotebook(path.join(report.dir, f)))) {
        const title = squash(plainTitle(fig.layout.title.text));
        const at = pageText.findIndex((t) => squash(t).includes(title));
        assert.ok(at >= 0, `${f}: figure "${fig.layout.title.text}" not printed`);
        assert.ok(
          ink[at] > 0.01,
          `${f}: the page with figure "${fig.layout.title.text}" is nearly blank (ink ${ink[at]})`,
        );
      }
  });
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
