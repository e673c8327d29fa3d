/**
 * npm run report: executes every notebooks/*.ipynb in name order, headless, in the project's tslab kernel
 * (Jupyter's own executor, nbclient), and writes to report/:
 *   <name>.ipynb   the executed notebook, signed (trusted in `npm run lab`)
 *   <name>.html    its HTML export (plotly inline: works offline)
 *   backprop-lab-report.pdf   all notebooks in order, printed by headless Chromium
 *   report.json    what ran: titles, timings, figure counts, each notebook's pages in the PDF
 * Everything is built in a temporary folder beside report/ and swapped in only when all of it worked,
 * so a failure leaves the previous report as it was. The notebooks themselves are only read.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ROOT, PYTHON, checkTools, isolatedJupyterEnv } from "./jupyter-env";
import { buildLibrary } from "./build-library";
import { type PrintedSection, printPdf } from "./pdf";

export const PDF_NAME = "backprop-lab-report.pdf";
export const MANIFEST_NAME = "report.json";

interface ExecutedNotebook {
  notebook: string;
  title: string;
  html: string;
  executeSeconds: number;
  htmlSeconds: number;
  codeCells: number;
  figures: number;
  cellSeconds: number[];
}

export interface Manifest {
  pdf: string;
  pages: number;
  notebooks: (ExecutedNotebook & { pdf: { firstPage: number; pages: number; seconds: number } })[];
  seconds: { build: number; execute: number; pdf: number; total: number };
}

type PyEvent =
  | { event: "start"; notebook: string; title: string; cells: number }
  | { event: "cell"; notebook: string; cell: number; code: number; codeCells: number }
  | {
      event: "done";
      notebook: string;
      title: string;
      seconds: number;
      htmlSeconds: number;
      figures: number;
      cellSeconds: number[];
    }
  | { event: "failed"; notebook: string; cell: number; source: string; message: string };

/** A problem to report in one line, without a stack trace. */
class ReportError extends Error {}

const USAGE = `usage: npm run report -- [--out DIR] [--notebooks DIR] [--timeout SECONDS] [--no-build]
  --out DIR          where the report goes (default report/)
  --notebooks DIR    the notebooks to run, *.ipynb in name order (default notebooks/)
  --timeout SECONDS  longest a single cell may run (default 600)
  --no-build         use dist/ as it is instead of compiling the library first`;

export async function main(argv: string[]): Promise<number> {
  const t0 = performance.now();
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string", default: path.join(ROOT, "report") },
      notebooks: { type: "string", default: path.join(ROOT, "notebooks") },
      timeout: { type: "string", default: "600" },
      "no-build": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = path.resolve(values.out);
  const nbDir = path.resolve(values.notebooks);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout < 1)
    throw new ReportError(`--timeout must be a positive whole number of seconds, got "${values.timeout}"`);
  if (!existsSync(nbDir) || !statSync(nbDir).isDirectory()) throw new ReportError(`no notebooks folder at ${nbDir}`);
  const files = readdirSync(nbDir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort();
  if (files.length === 0) throw new ReportError(`no notebooks (*.ipynb) in ${rel(nbDir)}`);
  checkTools({ python: ["nbclient", "nbconvert", "nbformat"], chromium: true, poppler: true });

  console.log(`report: ${files.length} notebook${files.length > 1 ? "s" : ""} from ${rel(nbDir)}/ → ${rel(out)}/`);
  const tBuild = performance.now();
  if (!values["no-build"]) build();
  const buildSeconds = (performance.now() - tBuild) / 1000;
  if (!existsSync(path.join(ROOT, "dist", "index.js")))
    throw new ReportError("dist/index.js is missing: run npm run build (the notebooks import the compiled library)");

  mkdirSync(path.dirname(out), { recursive: true });
  const work = path.join(path.dirname(out), `.${path.basename(out)}-${randomBytes(4).toString("hex")}.tmp`);
  mkdirSync(work);
  const cleanup = (): void => rmSync(work, { recursive: true, force: true });
  const onSignal = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const tExec = performance.now();
    const executed = await execute(
      files.map((f) => path.join(nbDir, f)),
      nbDir,
      work,
      timeout,
    );
    const executeSeconds = (performance.now() - tExec) / 1000;

    const tPdf = performance.now();
    const printed = await printPdf(
      executed.map((e) => ({ html: path.join(work, e.html), title: e.title })),
      path.join(work, PDF_NAME),
      (s) => console.log(`  pdf   ${s.title}: ${s.pages} page${s.pages > 1 ? "s" : ""}, ${s.seconds.toFixed(1)} s`),
    ).catch((e: unknown) => {
      throw new ReportError(`printing the PDF failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    const pdfSeconds = (performance.now() - tPdf) / 1000;
    for (const s of printed) warnAboutScripts(s);

    const pages = printed.reduce((n, s) => n + s.pages, 0);
    const total = (performance.now() - t0) / 1000;
    const manifest: Manifest = {
      pdf: PDF_NAME,
      pages,
      notebooks: executed.map((e, i) => ({
        ...e,
        pdf: { firstPage: printed[i].firstPage, pages: printed[i].pages, seconds: round(printed[i].seconds) },
      })),
      seconds: {
        build: round(buildSeconds),
        execute: round(executeSeconds),
        pdf: round(pdfSeconds),
        total: round(total),
      },
    };
    writeFileSync(path.join(work, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");
    swapIn(work, out);
    const sum = (k: "executeSeconds" | "htmlSeconds"): number => executed.reduce((t, e) => t + e[k], 0);
    console.log(
      `report: done in ${total.toFixed(1)} s: notebooks executed in ${sum("executeSeconds").toFixed(1)} s, ` +
        `HTML ${sum("htmlSeconds").toFixed(1)} s, PDF ${pdfSeconds.toFixed(1)} s (${pages} pages) → ` +
        rel(path.join(out, PDF_NAME)),
    );
    return 0;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    cleanup();
  }
}

function build(): void {
  const error = buildLibrary();
  if (error !== null) throw new ReportError(`the library does not compile (npm run build): ${error}`);
}

/** Runs scripts/execute-notebooks.py and turns its JSON-line events into progress lines. */
function execute(notebooks: string[], cwd: string, outDir: string, timeout: number): Promise<ExecutedNotebook[]> {
  const tty = process.stdout.isTTY === true;
  const py = spawn(
    PYTHON,
    [
      path.join(__dirname, "execute-notebooks.py"),
      "--out",
      outDir,
      "--cwd",
      cwd,
      "--timeout",
      String(timeout),
      ...notebooks,
    ],
    { env: isolatedJupyterEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  py.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const done: ExecutedNotebook[] = [];
  let failure: string | null = null;
  let current = "";
  const position = (name: string): string =>
    `[${notebooks.findIndex((n) => path.basename(n) === name) + 1}/${notebooks.length}]`;
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
        current = `  ${position(ev.notebook)} ${ev.notebook}`;
        if (tty) process.stdout.write(`${current}  starting kernel`);
        break;
      case "cell":
        if (tty) process.stdout.write(`\r\x1b[K${current}  cell ${ev.cell} (code cell ${ev.code}/${ev.codeCells})`);
        break;
      case "done": {
        const codeCells = ev.cellSeconds.length;
        done.push({
          notebook: ev.notebook,
          title: ev.title,
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
            `slowest ${slowest.toFixed(1)} s; ${ev.figures} figure${ev.figures === 1 ? "" : "s"}; html ${ev.htmlSeconds.toFixed(1)} s)`,
        );
        break;
      }
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
      if (failure) return reject(new ReportError(failure));
      if (code !== 0 || done.length !== notebooks.length) {
        const last = stderr.trim().split("\n").slice(-1)[0] ?? "";
        return reject(
          new ReportError(
            `executing the notebooks stopped (${signal ?? `exit ${code}`}) after ${done.length} of ${notebooks.length}` +
              (last ? `: ${last}` : ""),
          ),
        );
      }
      resolve(done);
    });
  });
}

function warnAboutScripts(s: PrintedSection): void {
  if (s.pageErrors.length > 0) console.warn(`  warning: ${s.title}: script error in the HTML: ${s.pageErrors[0]}`);
}

/** Replaces `out` by `work` with two renames, removing the old report only once the new one is in place. */
function swapIn(work: string, out: string): void {
  let old: string | null = null;
  if (existsSync(out)) {
    old = path.join(path.dirname(out), `.${path.basename(out)}-old-${randomBytes(4).toString("hex")}.tmp`);
    renameSync(out, old);
  }
  renameSync(work, out);
  if (old) rmSync(old, { recursive: true, force: true });
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (process.stdout.isTTY) process.stdout.write("\r\x1b[K");
      // One line: ours name the notebook, cell and error; anything else (a bug here) shows its stack with DEBUG=1.
      console.error(`report: ${e instanceof Error ? e.message : String(e)}`);
      if (!(e instanceof ReportError) && e instanceof Error && process.env.DEBUG) console.error(e.stack);
      process.exit(1);
    },
  );
}
