/**
 * npm run report: executes every notebooks/*.ipynb in name order, headless, in the project's tslab kernel
 * (Jupyter's own executor, nbclient), ONCE, and makes two products from that execution in report/:
 * the hand-in (what a student hands in and a grader reads) and the lab book (every cell, interactive).
 *   backprop-lab-report.pdf   the hand-in: title page, the answers at a glance, one section per question,
 *                  the appendix; cells chosen and placed by their tags, code only with --show-code
 *   report.html    the hand-in as one web page, figures interactive
 *   <name>.html    the lab book: each notebook's HTML export with every cell, maths typeset, figures
 *                  interactive with plotly.min.js from this folder
 *   <name>.ipynb   the executed notebook, signed (trusted in `npm run lab`), each figure with a static SVG
 *   plotly.min.js  plotly.js, once for all the HTML pages
 *   backprop-lab-live.js   the training figures' controls and the library's core, when a page has such figures
 *   report.json    what ran (titles, timings, figures, pages); it also marks the folder as a report's
 * Everything is built in a temporary folder beside report/ and swapped in only when all of it worked, so a
 * failure leaves the previous report as it was. `--out` must name a new folder or a previous report's
 * (report-out.ts); anything else is refused before any work. The notebooks themselves are only read.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ROOT, PYTHON, checkTools, isolatedJupyterEnv } from "./jupyter-env";
import { buildLibrary } from "./build-library";
import { CONFIG_NAME, readConfig } from "./report-config";
import { buildDocument } from "./report-document";
import { splitParts } from "./report-parts";
import { addStaticFigures } from "./report-figures";
import { withContentSecurityPolicy } from "./report-csp";
import { PLOTLY_FILE, cleanPage, splitPage } from "./report-html";
import { LIVE_FILE, addLiveFigures, bundleLiveScript, hasLiveFigures, liveRuns, withLiveScript } from "./report-live";
import { copyLocalImages } from "./report-images";
import {
  GENERATOR,
  MANIFEST_NAME,
  UsageError,
  checkOutFolder,
  makeWorkFolder,
  removeStaleWork,
  swapIn,
} from "./report-out";
import { closeOpenBrowser, printReport } from "./pdf";
import { type Overflow } from "./figure-fit";

export const PDF_NAME = "backprop-lab-report.pdf";
/** Where execute-notebooks.py writes the hand-in's page of each notebook; removed once they are read. */
const HANDIN_DIR = ".handin";
/** What report.config.json says until the student puts their name there. */
const PLACEHOLDER_AUTHOR = "Your Name";
export const DOCUMENT_NAME = "report.html";
export { MANIFEST_NAME };

interface ExecutedNotebook {
  notebook: string;
  title: string;
  question: string | null;
  html: string;
  executeSeconds: number;
  htmlSeconds: number;
  codeCells: number;
  figures: number;
  cellSeconds: number[];
}

export interface Manifest {
  generator: typeof GENERATOR;
  /** Every entry of the report folder; a later report may replace exactly these. */
  files: string[];
  pdf: string;
  document: string;
  pages: number;
  figures: number;
  /** Figures wider than their column in the printed layout (none, when the PDF shows every figure whole). */
  figuresTooWide: Overflow[];
  /** Whether the hand-in prints code cells (--show-code). */
  showCode: boolean;
  /** Where the hand-in's parts start and how long they are, in PDF pages. */
  handIn: {
    glancePage: number;
    questions: { question: string; firstPage: number; pages: number }[];
    /** Title page, the answers and every question's section: the part a grader reads. */
    mainBodyPages: number;
    appendix: { firstPage: number; pages: number } | null;
  };
  notebooks: (ExecutedNotebook & {
    /** The first page of the notebook's part of the main body and of the appendix (null: none). */
    pdf: { main: number | null; appendix: number | null };
    staticFigures: number;
  })[];
  seconds: { build: number; execute: number; html: number; pdf: number; total: number };
}

type PyEvent =
  | { event: "start"; notebook: string; title: string; question: string | null; cells: number }
  | { event: "cell"; notebook: string; cell: number; code: number; codeCells: number }
  | {
      event: "done";
      notebook: string;
      title: string;
      question: string | null;
      seconds: number;
      htmlSeconds: number;
      figures: number;
      cellSeconds: number[];
      loaderBytes: number;
    }
  | { event: "capped"; notebook: string; cell: number; what: string }
  | { event: "failed"; notebook: string; cell: number; source: string; message: string };

/** A problem to report in one line, without a stack trace: exit status 1. */
class ReportError extends Error {}

const USAGE = `usage: npm run report -- [--out DIR] [--notebooks DIR] [--show-code] [--jobs N] [--timeout SECONDS] [--no-build]
  --out DIR          where the report goes (default report/): a new folder or a previous report's
  --notebooks DIR    the notebooks to run, *.ipynb in name order (default notebooks/)
  --show-code        print the code cells in the hand-in too (or "showCode": true in ${CONFIG_NAME});
                     the lab book (one HTML page per notebook) always has them
  --config FILE      title page and options (default ${CONFIG_NAME})
  --jobs N           notebooks executed at once, each in its own kernel (default 2)
  --timeout SECONDS  longest a single cell may run (default 600)
  --no-build         use dist/ as it is instead of compiling the library first`;

/** What the signal handlers must clean up. */
const running: { work: string | null; python: ChildProcess | null } = { work: null, python: null };

export async function main(argv: string[]): Promise<number> {
  const t0 = performance.now();
  let values;
  try {
    values = parseArgs({
      args: negativeValues(argv),
      options: {
        out: { type: "string", default: path.join(ROOT, "report") },
        notebooks: { type: "string", default: path.join(ROOT, "notebooks") },
        config: { type: "string", default: path.join(ROOT, CONFIG_NAME) },
        "show-code": { type: "boolean", default: false },
        jobs: { type: "string", default: "2" },
        timeout: { type: "string", default: "600" },
        "no-build": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split("\n")[0] : String(e)} (see npm run report -- --help)`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Every check of flags and of --out comes before any work.
  const timeout = Number(values.timeout);
  if (!/^\d+$/.test(values.timeout) || timeout < 1)
    throw new UsageError(`--timeout must be a positive whole number of seconds, got "${values.timeout}"`);
  const jobs = Number(values.jobs);
  if (!/^\d+$/.test(values.jobs) || jobs < 1 || jobs > 16)
    throw new UsageError(`--jobs must be a whole number from 1 to 16, got "${values.jobs}"`);
  const nbDir = path.resolve(values.notebooks);
  if (!existsSync(nbDir) || !statSync(nbDir).isDirectory()) throw new UsageError(`--notebooks: no folder at ${nbDir}`);
  const out = checkOutFolder(values.out, ROOT, nbDir);
  const configFile = path.resolve(values.config);
  if (argv.some((a) => a === "--config" || a.startsWith("--config=")) && !existsSync(configFile))
    throw new UsageError(`--config: no file at ${configFile}`);
  const config = readConfig(configFile);
  const showCode = values["show-code"] || config.showCode;
  const files = readdirSync(nbDir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort();
  if (files.length === 0) throw new ReportError(`no notebooks (*.ipynb) in ${rel(nbDir)}`);
  checkTools({ python: ["nbclient", "nbconvert", "nbformat"], chromium: true, poppler: true });
  for (const stale of removeStaleWork(out)) console.log(`report: removed ${stale}, left by a run that was killed`);
  if (config.author === PLACEHOLDER_AUTHOR || config.author === "")
    console.warn(
      `report: warning: the title page says "${config.author || "(no author)"}": put your name in "author" in ${rel(configFile)}`,
    );

  console.log(
    `report: ${files.length} notebook${files.length > 1 ? "s" : ""} from ${rel(nbDir)}/ → ${rel(out)}/` +
      (showCode ? " (code shown in the hand-in)" : ""),
  );
  const tBuild = performance.now();
  if (!values["no-build"]) build();
  const buildSeconds = (performance.now() - tBuild) / 1000;
  if (!existsSync(path.join(ROOT, "dist", "index.js")))
    throw new ReportError("dist/index.js is missing: run npm run build (the notebooks import the compiled library)");

  mkdirSync(path.dirname(out), { recursive: true });
  const work = makeWorkFolder(out);
  mkdirSync(work);
  running.work = work;
  try {
    const tExec = performance.now();
    const executed = await execute(
      files.map((f) => path.join(nbDir, f)),
      { cwd: nbDir, outDir: work, timeout, jobs, showCode },
    );
    const executeSeconds = (performance.now() - tExec) / 1000;

    // The HTML pages: maths typeset, plotly.js from the folder.
    const tHtml = performance.now();
    copyFileSync(require.resolve("plotly.js-dist-min"), path.join(work, PLOTLY_FILE));
    const reserved = new Set([
      ...executed.flatMap((x) => [x.notebook, x.html]),
      PLOTLY_FILE,
      LIVE_FILE,
      DOCUMENT_NAME,
      PDF_NAME,
      MANIFEST_NAME,
    ]);
    // Every HTML page of both products, the lab book's and the hand-in's, is finished here: maths typeset, plotly.js
    // from the folder, live figures, the Content-Security-Policy. The lab book's page also copies the notebook's
    // local images and warns about a formula MathJax cannot parse (printed as in the notebook, a red message in
    // its place: worth a warning, not a failure); the hand-in's page shows the same images and formulas.
    const finishPage = (e: ExecutedNotebook, html: string, lab: boolean): string => {
      const page = cleanPage(html);
      if (lab) {
        for (const m of page.mathErrors) console.warn(`  warning: ${e.notebook}: a formula cannot be typeset: ${m}`);
        for (const w of copyLocalImages(page.html, e.notebook, nbDir, work, reserved).warnings)
          console.warn(`  warning: ${w}`);
      }
      // Training figures that carry their run get controls that retrain them in the page (report-live.ts).
      const live = addLiveFigures(page.html, liveRuns(path.join(work, e.notebook)));
      // The policy again when the page gained scripts: it allows what the page holds now (report-csp.ts).
      return live === page.html ? live : withContentSecurityPolicy(live);
    };
    for (const e of executed) {
      const file = path.join(work, e.html);
      writeFileSync(file, finishPage(e, readFileSync(file, "utf8"), true));
    }
    // The hand-in's pages, written by execute-notebooks.py beside the lab book's; only their parts are kept.
    const handInDir = path.join(work, HANDIN_DIR);
    let head = "";
    let live = false;
    const sections = executed.map((e) => {
      const html = finishPage(e, readFileSync(path.join(handInDir, e.html), "utf8"), false);
      live ||= hasLiveFigures(html);
      const parts = splitPage(html);
      head ||= parts.head.replace(new RegExp(`<script src="${PLOTLY_FILE}"></script>`, "g"), "");
      return { parts: splitParts(parts.body), title: e.title, question: e.question };
    });
    rmSync(handInDir, { recursive: true, force: true });
    if (live || executed.some((e) => hasLiveFigures(readFileSync(path.join(work, e.html), "utf8"))))
      writeFileSync(path.join(work, LIVE_FILE), bundleLiveScript());
    const doc = buildDocument({ ...config, showCode }, head, sections);
    // Last, the policy: it allows the scripts the document holds now (report-csp.ts).
    writeFileSync(path.join(work, DOCUMENT_NAME), withContentSecurityPolicy(withLiveScript(doc.html)));
    const htmlSeconds = (performance.now() - tHtml) / 1000;

    const tPdf = performance.now();
    const printed = await printReport(path.join(work, DOCUMENT_NAME), path.join(work, PDF_NAME), {
      footerTitle: config.title,
      toc: doc.toc,
      workDir: work,
      sections: executed.map((e) => e.notebook),
    }).catch((e: unknown) => {
      throw new ReportError(`printing the PDF failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    });
    if (printed.pageErrors.length > 0)
      console.warn(`  warning: script error in ${DOCUMENT_NAME}: ${printed.pageErrors[0]}`);
    if (printed.blockedRequests.length > 0)
      throw new ReportError(`${DOCUMENT_NAME} asks for ${printed.blockedRequests[0]}, outside the report folder`);
    for (const u of printed.unplaced) console.warn(`  warning: no page found for the heading "${u}"`);
    for (const [name, over, column] of printed.tooWide)
      console.warn(`  warning: ${name}: ${over} px wider than its ${column} px column, cut off in the PDF`);
    console.log(`  pdf   ${printed.pages} pages, ${printed.figures} figures, ${printed.seconds.toFixed(1)} s`);

    // Static pictures into the executed notebooks, then sign them (signing after the last change).
    const staticFigures = executed.map((e) => addStaticFigures(path.join(work, e.notebook), printed.svgs));
    await sign(executed.map((e) => path.join(work, e.notebook)));
    const pdfSeconds = (performance.now() - tPdf) / 1000;

    const total = (performance.now() - t0) / 1000;
    const pageOf = (id: string | null): number | null => (id === null ? null : (printed.tocPages[id] ?? null));
    const questionPages = doc.questions.map((q) => pageOf(q.id));
    const appendixPage = pageOf(doc.appendixHeading);
    if (questionPages.some((p) => p === null) || (doc.appendixHeading !== null && appendixPage === null))
      throw new ReportError("the PDF's sections could not be found in its text (pdftotext)");
    const starts = [...(questionPages as number[]), appendixPage ?? printed.pages + 1, printed.pages + 1];
    const manifest: Manifest = {
      generator: GENERATOR,
      files: [...readdirSync(work), MANIFEST_NAME].sort(),
      pdf: PDF_NAME,
      document: DOCUMENT_NAME,
      pages: printed.pages,
      figures: printed.figures,
      figuresTooWide: printed.tooWide,
      showCode,
      handIn: {
        glancePage: pageOf(doc.glanceHeading) ?? 2,
        questions: doc.questions.map((q, i) => ({
          question: q.question,
          firstPage: starts[i],
          pages: starts[i + 1] - starts[i],
        })),
        mainBodyPages: (appendixPage ?? printed.pages + 1) - 1,
        appendix: appendixPage === null ? null : { firstPage: appendixPage, pages: printed.pages + 1 - appendixPage },
      },
      notebooks: executed.map((e, i) => ({
        ...e,
        pdf: { main: pageOf(doc.mainHeadings[i]), appendix: pageOf(doc.appendixHeadings[i]) },
        staticFigures: staticFigures[i],
      })),
      seconds: {
        build: round(buildSeconds),
        execute: round(executeSeconds),
        html: round(htmlSeconds),
        pdf: round(pdfSeconds),
        total: round(total),
      },
    };
    writeFileSync(path.join(work, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");
    // The target may have changed while the notebooks ran: check it again just before replacing it.
    checkOutFolder(out, ROOT, nbDir);
    swapIn(work, out);
    running.work = null;
    console.log(
      `report: done in ${total.toFixed(1)} s: notebooks executed in ${executeSeconds.toFixed(1)} s, ` +
        `HTML ${htmlSeconds.toFixed(1)} s, PDF ${pdfSeconds.toFixed(1)} s`,
    );
    console.log(
      `report: the hand-in ${rel(path.join(out, PDF_NAME))}: ${printed.pages} pages, ` +
        `${manifest.handIn.mainBodyPages} before the appendix (also as ${rel(path.join(out, DOCUMENT_NAME))}); ` +
        `the lab book: ${rel(out)}/${executed[0].html} and the other notebooks' pages`,
    );
    return 0;
  } finally {
    if (running.work) rmSync(running.work, { recursive: true, force: true });
    running.work = null;
  }
}

/**
 * "--timeout -1" as "--timeout=-1": parseArgs takes a value starting with "-" for a flag and says only "argument
 * is ambiguous"; joined, the value reaches the check that says what a valid one is.
 */
function negativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if ((argv[i] === "--timeout" || argv[i] === "--jobs") && /^-\d/.test(argv[i + 1] ?? "")) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function build(): void {
  const error = buildLibrary();
  if (error !== null) throw new ReportError(`the library does not compile (npm run build): ${error}`);
}

interface ExecuteOptions {
  cwd: string;
  outDir: string;
  timeout: number;
  jobs: number;
  showCode: boolean;
}

/** Runs scripts/execute-notebooks.py and turns its JSON-line events into progress lines. */
function execute(notebooks: string[], o: ExecuteOptions): Promise<ExecutedNotebook[]> {
  const tty = process.stdout.isTTY === true;
  const py = spawn(
    PYTHON,
    [
      path.join(__dirname, "execute-notebooks.py"),
      "--out",
      o.outDir,
      "--cwd",
      o.cwd,
      "--timeout",
      String(o.timeout),
      "--jobs",
      String(o.jobs),
      ...(o.showCode ? ["--show-code"] : []),
      ...notebooks,
    ],
    { env: isolatedJupyterEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  running.python = py;
  let stderr = "";
  py.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const done = new Map<string, ExecutedNotebook>();
  const progress = new Map<string, string>();
  let failure: string | null = null;
  const position = (name: string): string =>
    `[${notebooks.findIndex((n) => path.basename(n) === name) + 1}/${notebooks.length}]`;
  const showProgress = (): void => {
    if (tty) process.stdout.write(`\r\x1b[K  ${[...progress.values()].join("; ")}`);
  };
  const lines = createInterface({ input: py.stdout });
  lines.on("line", (line) => {
    let ev: PyEvent;
    try {
      ev = JSON.parse(line) as PyEvent;
    } catch {
      return; // not an event: a stray print from a library; ignore
    }
    switch (ev.event) {
      case "start":
        progress.set(ev.notebook, `${position(ev.notebook)} ${ev.notebook} starting`);
        showProgress();
        break;
      case "cell":
        progress.set(ev.notebook, `${position(ev.notebook)} ${ev.notebook} cell ${ev.code}/${ev.codeCells}`);
        showProgress();
        break;
      case "done": {
        progress.delete(ev.notebook);
        const codeCells = ev.cellSeconds.length;
        done.set(ev.notebook, {
          notebook: ev.notebook,
          title: ev.title,
          question: ev.question,
          html: ev.notebook.replace(/\.ipynb$/, ".html"),
          executeSeconds: ev.seconds,
          htmlSeconds: ev.htmlSeconds,
          codeCells,
          figures: ev.figures,
          cellSeconds: ev.cellSeconds,
        });
        const slowest = Math.max(0, ...ev.cellSeconds);
        if (tty) process.stdout.write("\r\x1b[K");
        console.log(
          `  ${position(ev.notebook)} ${ev.notebook}  ${ev.seconds.toFixed(1)} s  (${codeCells} code cells, ` +
            `slowest ${slowest.toFixed(1)} s; ${ev.figures} figure${ev.figures === 1 ? "" : "s"})`,
        );
        showProgress();
        break;
      }
      case "capped":
        // The cut is also marked in the cell's output itself (scripts/output_caps.py).
        if (tty) process.stdout.write("\r\x1b[K");
        console.warn(`  warning: ${ev.notebook}, cell ${ev.cell}: output cut to the report's caps: ${ev.what}`);
        showProgress();
        break;
      case "failed":
        if (tty) process.stdout.write("\r\x1b[K");
        failure =
          `${ev.notebook}` +
          (ev.cell > 0 ? `, cell ${ev.cell}` : "") +
          (ev.source ? ` (${ev.source})` : "") +
          `: ${ev.message}`;
        break;
    }
  });
  return new Promise((resolve, reject) => {
    py.on("error", (e) => reject(new ReportError(`cannot start ${PYTHON}: ${e.message}`)));
    py.on("close", (code, signal) => {
      running.python = null;
      if (failure) return reject(new ReportError(failure));
      if (code !== 0 || done.size !== notebooks.length) {
        const last = stderr.trim().split("\n").slice(-1)[0] ?? "";
        return reject(
          new ReportError(
            `executing the notebooks stopped (${signal ?? `exit ${code}`}) after ${done.size} of ${notebooks.length}` +
              (last ? `: ${last}` : ""),
          ),
        );
      }
      resolve(notebooks.map((n) => done.get(path.basename(n)) as ExecutedNotebook));
    });
  });
}

/** Signs the finished notebooks in the project's trust database, so they open trusted under npm run lab. */
function sign(files: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const py = spawn(PYTHON, [path.join(__dirname, "execute-notebooks.py"), "--sign", ...files], {
      env: isolatedJupyterEnv(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    running.python = py;
    let err = "";
    py.stderr.on("data", (d: Buffer) => (err += d.toString()));
    py.on("error", (e) => reject(new ReportError(`cannot start ${PYTHON}: ${e.message}`)));
    py.on("close", (code) => {
      running.python = null;
      if (code === 0) resolve();
      else reject(new ReportError(`signing the executed notebooks failed: ${err.trim().split("\n").slice(-1)[0]}`));
    });
  });
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/**
 * Ctrl-C, kill or a closed terminal: stop the notebooks' Python (which shuts its kernels down), close Chromium, remove the
 * temporary folder, then exit with the signal's conventional status.
 */
let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  stopping = true;
  const status = { SIGINT: 130, SIGHUP: 129 }[signal as string] ?? 143;
  const py = running.python;
  const stopped = new Promise<void>((resolve) => {
    if (!py || py.exitCode !== null) return resolve();
    py.once("close", () => resolve());
    py.kill("SIGTERM");
    setTimeout(resolve, 5000).unref();
  });
  void Promise.all([stopped, closeOpenBrowser()]).finally(() => {
    if (running.work) rmSync(running.work, { recursive: true, force: true });
    process.exit(status);
  });
}

if (require.main === module) {
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("SIGHUP", onSignal); // the terminal closed
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (stopping) return; // the signal handler cleans up and exits
      if (process.stdout.isTTY) process.stdout.write("\r\x1b[K");
      // One line: ours name the notebook, cell and error; anything else (a bug here) shows its stack with DEBUG=1.
      console.error(`report: ${e instanceof Error ? e.message : String(e)}`);
      const known = e instanceof ReportError || e instanceof UsageError;
      if (!known && e instanceof Error && process.env.DEBUG) console.error(e.stack);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
