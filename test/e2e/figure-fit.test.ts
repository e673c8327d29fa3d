/**
 * Every figure fits its column, measured in the laid-out page, not assumed: in the PDF (measured by
 * scripts/pdf.ts in the page it printed), and in the hand-in's and the lab book's HTML pages, printed by a
 * reader at the PDF's width and on a 700 px screen. A figure's plot and its drawing must lie within the
 * content box of the output it is in (scripts/figure-fit.ts). Reads the one execution of
 * test/e2e/executed-report.ts.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser } from "playwright-core";
import { PRINT_WIDTH_PX, launchChromium, offlinePage, waitForFigures } from "../../scripts/browser";
import { DOCUMENT_NAME } from "../../scripts/report";
import { FIGURE_OVERFLOW_JS, type Overflow } from "../../scripts/figure-fit";
import { type ExecutedReport, executedReport } from "./executed-report";

let report: ExecutedReport;
let browser: Browser;

before(
  async () => {
    report = executedReport();
    browser = await launchChromium();
  },
  { timeout: 900_000 },
);
after(async () => {
  await browser?.close();
});

/**
 * The figures of a page that reach beyond their column, at a window `width`: drawn on screen, then, with
 * `thenPrint`, laid out for print as a browser does when the reader prints the page.
 */
async function overflows(file: string, width: number, thenPrint: boolean): Promise<Overflow[]> {
  const { context, page, problems } = await offlinePage(browser, { width });
  try {
    await page.goto(pathToFileURL(path.join(report.dir, file)).href, { waitUntil: "load" });
    const [drawn, total] = await waitForFigures(page, 60_000);
    assert.equal(drawn, total, `${file}: ${total - drawn} figures not drawn`);
    assert.deepEqual(problems.pageErrors, [], `${file}: script errors`);
    if (thenPrint) await page.emulateMedia({ media: "print" });
    // Figures follow their box when it changes (a scrollbar, the print layout): let them redraw.
    await page.waitForTimeout(500);
    return (await page.evaluate(FIGURE_OVERFLOW_JS)) as Overflow[];
  } finally {
    await context.close();
  }
}

const pages = (): string[] => [DOCUMENT_NAME, ...report.manifest.notebooks.map((n) => n.html)];

test("the PDF: every figure fits its column, measured in the page as it was printed", () => {
  assert.ok(report.manifest.figures > 0, "the hand-in has figures");
  assert.deepEqual(report.manifest.figuresTooWide, [], "[figure, px over, column, drawn width]");
});

test("HTML printed by a reader at the PDF's width: no figure wider than its column", { timeout: 300_000 }, async () => {
  for (const file of pages())
    assert.deepEqual(
      await overflows(file, PRINT_WIDTH_PX, true),
      [],
      `${file}: [figure, px over, column, drawn width]`,
    );
});

test("HTML on a 700 px screen: no figure wider than its column", { timeout: 300_000 }, async () => {
  for (const file of pages())
    assert.deepEqual(await overflows(file, 700, false), [], `${file}: [figure, px over, column, drawn width]`);
});
