/**
 * Live training figures in the report's HTML pages (issue 17). A notebook's training cell that ran through
 * trainingProgress(…).train() leaves its run in the figure's output (RUN_MIME: method, initial weights, scaled
 * data, options and every epoch's errors). Here each such run goes into the HTML page beside its figure as a
 * JSON data block, and the page gets LIVE_FILE, the library's computing core and the control panel bundled
 * for the browser by esbuild (src/browser/), which retrains the figure in a Web Worker and checks the
 * embedded run bit for bit.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { scriptJson } from "../src/format/escape";
import { type EmbeddedRun, RUN_MIME } from "../src/replay/embedded-run";
import { ROOT } from "./jupyter-env";

/** The bundle, written beside the HTML pages; they load it by a relative URL, like plotly.min.js. */
export const LIVE_FILE = "backprop-lab-live.js";

export interface LiveRun {
  /** The element id of the figure the run belongs to. */
  figureId: string;
  run: EmbeddedRun;
}

interface NotebookJson {
  cells: { outputs?: { data?: Record<string, unknown> }[] }[];
}

/** The runs in an executed notebook's figure outputs, with their figures' ids. */
export function liveRuns(notebookFile: string): LiveRun[] {
  const nb = JSON.parse(readFileSync(notebookFile, "utf8")) as NotebookJson;
  return nb.cells.flatMap((cell) =>
    (cell.outputs ?? []).flatMap((out) => {
      const run = out.data?.[RUN_MIME] as EmbeddedRun | undefined;
      const html = [out.data?.["text/html"] ?? ""].flat().join("");
      const id = figureIdIn(html);
      return run && id ? [{ figureId: id, run }] : [];
    }),
  );
}

/** The id of the plotly figure's div in an output's HTML, whatever the order of its attributes. */
function figureIdIn(html: string): string | undefined {
  const div = /<div\b[^>]*\bclass="[^"]*\bplotly-graph-div\b[^>]*>/.exec(html)?.[0];
  return div === undefined ? undefined : /\bid="([A-Za-z][\w-]*)"/.exec(div)?.[1];
}

/**
 * The page with each run's data block right after its figure (after the figure's drawing script), and the bundle's
 * <script src> at the end of the body (withLiveScript); unchanged when no run's figure is on the page.
 * Content-Security-Policy: the data blocks are not scripts a browser runs (their type is not JavaScript's), and
 * the bundle is a file in the report folder, like plotly.min.js; the bundle starts its worker from a Blob URL
 * (worker-src blob:) and adds its styles as a constructed style sheet.
 */
export function addLiveFigures(html: string, runs: readonly LiveRun[]): string {
  let page = html;
  for (const { figureId, run } of runs) {
    // The figure's div, whatever the order of its attributes (the export rewrites the HTML of outputs).
    const at = page.search(new RegExp(`<div\\b[^>]*\\bid="${figureId}"`));
    if (at < 0) continue;
    const end = page.indexOf("</script>", at);
    if (end < 0) continue;
    const block = `<script type="${RUN_MIME}" data-figure="${figureId}">${scriptJson(run)}</script>`;
    const cut = end + "</script>".length;
    page = page.slice(0, cut) + block + page.slice(cut);
  }
  return page === html ? html : withLiveScript(page);
}

export function hasLiveFigures(html: string): boolean {
  return html.includes(`<script type="${RUN_MIME}"`);
}

/**
 * The bundle's <script src> once, at the end of the body, when the page has a live figure. A document put
 * together from pages that have it (report.html) gets it once instead of once per page.
 */
export function withLiveScript(html: string): string {
  const tag = `<script src="${LIVE_FILE}"></script>`;
  const page = html.split(tag).join("");
  if (!hasLiveFigures(page)) return page;
  return page.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${tag}</body>`);
}

const BUNDLE_OPTIONS = {
  bundle: true,
  write: false,
  platform: "browser",
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  tsconfig: path.join(ROOT, "tsconfig.browser.json"),
  logLevel: "silent",
} as const;

/**
 * The worker (src/browser/worker.ts) with the library's core. Its Math.exp is fdlibm's (src/replay/fdlibm-exp.ts),
 * the exponential Node's V8 computes: newer browsers' Math.exp differs from it in the last bit for about one
 * argument in ten, and one such bit changes every later epoch of a run (test/e2e/math-exp-browser.test.ts
 * measures both).
 */
export function bundleWorkerScript(): string {
  const worker = buildSync({
    ...BUNDLE_OPTIONS,
    entryPoints: [path.join(ROOT, "src", "browser", "worker.ts")],
    inject: [path.join(ROOT, "src", "replay", "fdlibm-exp.ts")],
    define: { "Math.exp": "fdlibmExp" },
  });
  return worker.outputFiles[0].text;
}

/** The page script (src/browser/live-page.ts), with the worker inside it as text for its Blob URL. */
export function bundleLiveScript(): string {
  const page = buildSync({
    ...BUNDLE_OPTIONS,
    entryPoints: [path.join(ROOT, "src", "browser", "live-page.ts")],
    define: { BL_WORKER_SOURCE: JSON.stringify(bundleWorkerScript()) },
  });
  return page.outputFiles[0].text;
}
