/**
 * Prints the hand-in document (report-document.ts) to one PDF with headless Chromium: continuous page
 * numbers in the footer, bookmarks from the headings (Chromium's tagged PDF outline), and page references
 * (.toc-page) whose numbers are read from a first printing (pdftotext), filled in, and printed again with
 * the same layout. While the page is open it also draws every plotly figure as a static SVG, for the
 * executed notebooks. Temporary files live in the caller's folder, which the report removes on any exit.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser } from "playwright-core";
import { PRINT_WIDTH_PX, launchChromium, offlinePage } from "./browser";
import { type TocEntry } from "./report-document";
import { FIGURE_OVERFLOW_JS, type Overflow } from "./figure-fit";

export interface PrintedReport {
  pages: number;
  figures: number;
  /** Static SVG of each plotly figure, by its div id (with its title, as the notebook showed it). */
  svgs: Map<string, string>;
  /** Page of each contents entry, by heading id. */
  tocPages: Record<string, number>;
  /** Contents entries whose page could not be found in the printed text. */
  unplaced: string[];
  pageErrors: string[];
  blockedRequests: string[];
  /** Figures wider than their column in the page as it was printed (figure-fit.ts); empty when all fit. */
  tooWide: Overflow[];
  seconds: number;
}

const PDF_OPTIONS = {
  format: "A4",
  printBackground: true,
  margin: { top: "12mm", bottom: "16mm", left: "10mm", right: "10mm" },
  displayHeaderFooter: true,
  headerTemplate: "<span></span>",
} as const;

/** The open browser, so that a signal handler can close it (Chromium is a child process). */
let openBrowser: Browser | null = null;
export async function closeOpenBrowser(): Promise<void> {
  const b = openBrowser;
  openBrowser = null;
  await b?.close().catch(() => undefined);
}

export async function printReport(
  htmlFile: string,
  outPdf: string,
  options: {
    footerTitle: string;
    toc: readonly TocEntry[];
    workDir: string;
    /** The notebook of each section (section-1, section-2, …), to name one whose figures are not drawn. */
    sections?: readonly string[];
  },
): Promise<PrintedReport> {
  const t0 = performance.now();
  const browser = await launchChromium();
  openBrowser = browser;
  try {
    const { page, problems } = await offlinePage(browser, { width: PRINT_WIDTH_PX });
    // Plotly sizes a figure to its container when it draws it, and does not redraw it for printing: drawn in the
    // screen layout, a figure can be wider than its printed column (cut off on paper). In the print layout from
    // the start, each figure is drawn at the width it is printed at.
    await page.emulateMedia({ media: "print" });
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: "load", timeout: 60_000 }).catch(() => {
      throw new Error(`${path.basename(htmlFile)} did not finish loading within 60 s`);
    });
    await page
      .waitForFunction("document.documentElement.hasAttribute('data-report-ready')", undefined, {
        timeout: 45_000,
        polling: 100,
      })
      .catch(() => undefined);
    const state = (await page.evaluate(
      "[document.documentElement.getAttribute('data-report-ready'), Number(document.documentElement.getAttribute('data-report-figures')), document.querySelectorAll('.plotly-graph-div').length, [...document.querySelectorAll('.plotly-graph-div')].filter((d) => d.querySelector('.main-svg')).length]",
    )) as [string | null, number, number, number];
    if (state[0] !== "yes") {
      const where = await undrawnSections(page, options.sections ?? []);
      throw new Error(
        `${state[2] - state[3]} of ${state[2]} figures were not drawn after 45 s` +
          (where.length ? ` in ${where.join(", ")}` : "") +
          (problems.pageErrors.length ? ` (script error: ${problems.pageErrors[0]})` : ""),
      );
    }
    const svgs = new Map(await staticFigures(page));

    // First printing: in each heading an out-of-flow marker (tiny,
    // white, absolutely placed: the layout does not change) that pdftotext finds on the heading's page, even
    // when the heading's words also occur in the text before it.
    await page.addStyleTag({
      content: ".report-marker{position:absolute;font-size:2px;line-height:1;color:#fff;white-space:nowrap}",
    });
    await page.evaluate(
      `(() => {
        for (const id of ${JSON.stringify(options.toc.map((e) => e.id))}) {
          const h = document.getElementById(id); if (!h) continue;
          const m = document.createElement('span'); m.className = 'report-marker'; m.textContent = '${MARK}' + id + '${MARK}';
          h.insertBefore(m, h.firstChild);
        } })()`,
    );
    const draft = path.join(options.workDir, "contents-draft.pdf");
    await page.pdf({ ...PDF_OPTIONS, path: draft, footerTemplate: footer(options.footerTitle) });
    const draftPages = pageTexts(draft);
    rmSync(draft, { force: true });
    const { pages: tocPages, unplaced } = placeHeadings(draftPages, options.toc);
    await page.evaluate(
      `(() => { const p = ${JSON.stringify(tocPages)};
        document.querySelectorAll('.toc-page').forEach((s) => { s.textContent = p[s.dataset.for] ? String(p[s.dataset.for]) : ''; });
        document.querySelectorAll('.report-marker').forEach((m) => m.remove()); })()`,
    );

    // Measured in the page as it is printed: the print layout, captions and page numbers in place.
    const tooWide = (await page.evaluate(FIGURE_OVERFLOW_JS)) as Overflow[];
    const partial = `${outPdf}.${process.pid}.tmp`;
    await page.pdf({
      ...PDF_OPTIONS,
      path: partial,
      footerTemplate: footer(options.footerTitle),
      outline: true,
      tagged: true,
    });
    const pages = pageCount(partial);
    if (pages !== draftPages.length)
      throw new Error(
        `the contents changed the page count (${draftPages.length} → ${pages}); page numbers would be wrong`,
      );
    renameSync(partial, outPdf);
    return {
      pages,
      figures: state[1],
      svgs,
      tocPages,
      unplaced,
      pageErrors: problems.pageErrors,
      blockedRequests: problems.blockedRequests,
      tooWide,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await closeOpenBrowser();
  }
}

/** The notebooks (by their section) that hold a figure not drawn, each once, in page order. */
async function undrawnSections(page: import("playwright-core").Page, sections: readonly string[]): Promise<string[]> {
  const ids = (await page.evaluate(
    "[...document.querySelectorAll('.plotly-graph-div')].filter((d) => !d.querySelector('.main-svg'))" +
      ".map((d) => { const s = d.closest('[data-notebook]'); return s ? Number(s.getAttribute('data-notebook')) : 0; })",
  )) as number[];
  const names = ids.map((k) => sections[k - 1] ?? "the report's own pages");
  return [...new Set(names)];
}

/** Each drawn plotly figure as SVG, drawn again off-screen from its data with its original title. */
async function staticFigures(page: import("playwright-core").Page): Promise<[string, string][]> {
  return (await page.evaluate(`(async () => {
    const out = [];
    for (const el of document.querySelectorAll('.plotly-graph-div')) {
      if (!el.id || !el.data || !el._fullLayout) continue;
      const layout = (window.reportLayouts || {})[el.id] || el.layout;
      const url = await window.Plotly.toImage({ data: el.data, layout: layout, config: {} },
        { format: 'svg', width: Math.round(el._fullLayout.width), height: Math.round(el._fullLayout.height) });
      const comma = url.indexOf(',');
      const meta = url.slice(0, comma);
      const body = url.slice(comma + 1);
      out.push([el.id, meta.endsWith(';base64') ? atob(body) : decodeURIComponent(body)]);
    }
    return out;
  })()`)) as [string, string][];
}

/** The text of each page, as pdftotext reads it (form feeds separate pages). */
function pageTexts(pdf: string): string[] {
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const pages = text.split("\f");
  if (pages.length > 0 && pages[pages.length - 1].trim() === "") pages.pop();
  return pages.map(normalise);
}

function normalise(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** Brackets each heading's marker in the first printing. */
const MARK = "QQMARK";

/**
 * The page of each heading: the page showing its marker; failing that, the first page, at or after the previous heading's, whose text holds the
 * heading's text (pieces around typeset maths, which has no text, are looked for separately).
 */
export function placeHeadings(
  pages: readonly string[],
  toc: readonly TocEntry[],
): { pages: Record<string, number>; unplaced: string[] } {
  const found: Record<string, number> = {};
  const unplaced: string[] = [];
  let from = 0;
  for (const e of toc) {
    const marked = pages.findIndex((p) => p.includes(`${MARK}${e.id}${MARK}`));
    if (marked >= 0) {
      found[e.id] = marked + 1;
      from = marked;
      continue;
    }
    const pieces = normalise(e.text)
      .split("…")
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    let at = -1;
    for (let i = from; i < pages.length && at < 0; i++) if (pieces.every((p) => pages[i].includes(p))) at = i;
    if (at < 0) {
      unplaced.push(e.text);
      continue;
    }
    found[e.id] = at + 1;
    from = at;
  }
  return { pages: found, unplaced };
}

/** The report's title on the left, "page / pages" on the right; Chromium fills the two spans. */
function footer(title: string): string {
  const t = title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return (
    '<div style="font:8px Helvetica,Arial,sans-serif;color:#777;width:100%;margin:0 10mm;' +
    'display:flex;justify-content:space-between">' +
    `<span>${t}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}

/** Pages of a PDF, read by poppler's pdfinfo. */
export function pageCount(pdf: string): number {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error(`pdfinfo gave no page count for ${pdf}`);
  return Number(m[1]);
}

/** The bookmarks of a PDF written by Chromium: [depth, title, page] in order. Used by the tests and the report's check. */
export function readOutline(pdf: string): { depth: number; title: string; page: number }[] {
  const bytes = readFileSync(pdf).toString("latin1");
  const objects = new Map<number, string>();
  for (const m of bytes.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]);
  const pageIds: number[] = [];
  const walk = (id: number): void => {
    const o = objects.get(id) ?? "";
    if (/\/Type\s*\/Page\b/.test(o)) pageIds.push(id);
    else for (const k of /\/Kids\s*\[([^\]]*)\]/.exec(o)?.[1].matchAll(/(\d+) 0 R/g) ?? []) walk(Number(k[1]));
  };
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o)) ?? "";
  const pagesRoot = /\/Pages\s+(\d+) 0 R/.exec(catalog);
  if (pagesRoot) walk(Number(pagesRoot[1]));
  const outlines = /\/Outlines\s+(\d+) 0 R/.exec(catalog);
  const result: { depth: number; title: string; page: number }[] = [];
  const visit = (id: number | null, depth: number): void => {
    while (id !== null) {
      const o = objects.get(id) ?? "";
      const dest = /\/Dest\s*\[\s*(\d+) 0 R/.exec(o);
      result.push({ depth, title: pdfString(o), page: dest ? pageIds.indexOf(Number(dest[1])) + 1 : 0 });
      const first = /\/First\s+(\d+) 0 R/.exec(o);
      if (first) visit(Number(first[1]), depth + 1);
      const next = /\/Next\s+(\d+) 0 R/.exec(o);
      id = next ? Number(next[1]) : null;
    }
  };
  if (outlines) {
    const first = /\/First\s+(\d+) 0 R/.exec(objects.get(Number(outlines[1])) ?? "");
    if (first) visit(Number(first[1]), 1);
  }
  return result;
}

/** A /Title string: hex <FEFF…> UTF-16BE, or a literal (…) string. */
function pdfString(o: string): string {
  const hex = /\/Title\s*<([0-9A-Fa-f\s]*)>/.exec(o);
  if (hex) {
    const b = Buffer.from(hex[1].replace(/\s/g, ""), "hex");
    if (b[0] === 0xfe && b[1] === 0xff) return b.subarray(2).swap16().toString("utf16le");
    return b.toString("latin1");
  }
  const lit = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(o);
  return lit ? lit[1].replace(/\\(.)/g, "$1") : "";
}
