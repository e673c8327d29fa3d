/**
 * Headless Chromium for printing and checking pages, offline: only file:// URLs (and, when asked, one
 * local server) load; any other request is aborted and recorded, so a page that needs the network shows it.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM } from "./jupyter-env";

const ARGS = [
  "--no-sandbox", // the tests and CI run as root
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A4 (210 mm) minus 2 × 10 mm margins at 96 px/inch: plotly sizes figures to this width when the page loads. */
export const PRINT_WIDTH_PX = 718;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** What a page did wrong while it was open. */
export interface PageProblems {
  pageErrors: string[];
  consoleErrors: string[];
  blockedRequests: string[];
}

export interface OfflinePage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** A new page that reaches file:// URLs and the given local origins only. */
export async function offlinePage(
  browser: Browser,
  options: { width?: number; height?: number; allowOrigins?: readonly string[] } = {},
): Promise<OfflinePage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? PRINT_WIDTH_PX, height: options.height ?? 1000 },
  });
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], blockedRequests: [] };
  const allowed = options.allowOrigins ?? [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || allowed.some((o) => url.startsWith(o))) return route.continue();
    problems.blockedRequests.push(url);
    return route.abort("internetdisconnected");
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") problems.consoleErrors.push(m.text());
  });
  return { context, page, problems };
}

/** In-page expression: [drawn, total] plotly figures (a drawn one has plotly's .main-svg). */
export const COUNT_FIGURES_JS =
  "(() => { const all = [...document.querySelectorAll('.plotly-graph-div')];" +
  " return [all.filter((d) => d.querySelector('.main-svg')).length, all.length]; })()";

/** Waits until every plotly figure on the page is drawn; returns [drawn, total] when done or timed out. */
export async function waitForFigures(page: Page, timeoutMs: number): Promise<[number, number]> {
  try {
    await page.waitForFunction(
      "(() => { const all = [...document.querySelectorAll('.plotly-graph-div')];" +
        " return all.every((d) => d.querySelector('.main-svg')); })()",
      undefined,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch {
    // fall through: the caller reports how many are missing
  }
  return (await page.evaluate(COUNT_FIGURES_JS)) as [number, number];
}
