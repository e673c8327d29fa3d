/**
 * Prints the notebooks' HTML exports to one PDF: each HTML is printed by headless Chromium once all its
 * figures are drawn and MathJax is done, then the parts are joined with pdfunite, so every notebook
 * starts on a new page. Run alone: tsx scripts/pdf.ts out.pdf a.html [b.html …]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PRINT_WIDTH_PX, launchChromium, offlinePage, waitForFigures, waitForMathJax } from "./browser";

export interface PdfSection {
  html: string;
  /** Shown in each page's footer. */
  title: string;
}

export interface PrintedSection {
  title: string;
  /** 1-based page of the whole PDF where this section starts, and its number of pages. */
  firstPage: number;
  pages: number;
  figures: number;
  seconds: number;
  /** Script errors on the page (printed anyway, but worth a warning). */
  pageErrors: string[];
}

/**
 * For paper: hide MathJax's "Loading…" box and plotly's modebar (the loader's print CSS covers the latter
 * too), and wrap long code lines, which scroll on screen but would be cut off at the page edge.
 */
const PRINT_CSS =
  "#MathJax_Message{display:none!important}.modebar-container{display:none!important}" +
  "pre{white-space:pre-wrap!important;overflow-wrap:anywhere}";

export async function printPdf(
  sections: readonly PdfSection[],
  outPdf: string,
  onSection?: (s: PrintedSection) => void,
): Promise<PrintedSection[]> {
  if (sections.length === 0) throw new Error("printPdf: nothing to print");
  const work = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-pdf-"));
  const browser = await launchChromium();
  try {
    const printed: PrintedSection[] = [];
    const parts: string[] = [];
    let nextPage = 1;
    for (const [i, s] of sections.entries()) {
      const t0 = performance.now();
      const { context, page, problems } = await offlinePage(browser, { width: PRINT_WIDTH_PX });
      await page.goto(pathToFileURL(path.resolve(s.html)).href, { waitUntil: "load", timeout: 60_000 });
      const [drawn, total] = await waitForFigures(page, 30_000);
      if (drawn < total)
        throw new Error(
          `${path.basename(s.html)}: ${total - drawn} of ${total} figures not drawn after 30 s` +
            (problems.pageErrors.length ? ` (script error: ${problems.pageErrors[0]})` : ""),
        );
      await waitForMathJax(page, 20_000);
      await page.addStyleTag({ content: PRINT_CSS });
      const part = path.join(work, `part-${String(i).padStart(3, "0")}.pdf`);
      await page.pdf({
        path: part,
        format: "A4",
        printBackground: true,
        margin: { top: "10mm", bottom: "14mm", left: "10mm", right: "10mm" },
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: footer(s.title),
      });
      await context.close();
      const pages = pageCount(part);
      parts.push(part);
      const section: PrintedSection = {
        title: s.title,
        firstPage: nextPage,
        pages,
        figures: total,
        seconds: (performance.now() - t0) / 1000,
        pageErrors: problems.pageErrors,
      };
      nextPage += pages;
      printed.push(section);
      onSection?.(section);
    }
    // Written beside the target, then renamed: a reader never sees half a PDF.
    const partial = `${outPdf}.${process.pid}.tmp`;
    if (parts.length === 1) copyFileSync(parts[0], partial);
    else execFileSync("pdfunite", [...parts, partial], { stdio: ["ignore", "ignore", "pipe"] });
    renameSync(partial, outPdf);
    return printed;
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Chromium fills the pageNumber/totalPages spans; numbers count within the notebook. */
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

if (require.main === module) {
  const [out, ...htmls] = process.argv.slice(2);
  if (!out || htmls.length === 0 || !out.endsWith(".pdf")) {
    console.error("usage: tsx scripts/pdf.ts out.pdf a.html [b.html …]");
    process.exit(2);
  }
  printPdf(
    htmls.map((h) => ({ html: h, title: path.basename(h, ".html") })),
    out,
  ).then(
    (s) => console.log(`pdf: ${out}, ${s.reduce((n, x) => n + x.pages, 0)} pages`),
    (e: unknown) => {
      console.error(`pdf: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
