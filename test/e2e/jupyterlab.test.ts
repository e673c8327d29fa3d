/**
 * JupyterLab 4 (the project's .venv) driven by headless Chromium, on copies of the notebooks:
 * - each notebook: Run All in the browser; every figure draws (by the plotly extension, from the
 *   application/vnd.plotly.v1+json part of its output) and no error or stderr output appears;
 * - notebook 02 with hidden = 3 and batchSize = 16 in its parameters cell, run again: the figures redraw
 *   with the new data;
 * - an executed notebook from the report shows its figures as soon as it opens, signed (trusted) and also
 *   after a change that makes it untrusted.
 * The app is reached through window.jupyterapp (JupyterLab's expose_app_in_browser), the front end's own
 * commands and models, so the test does what a user's clicks do without depending on the page layout.
 * Set BACKPROP_LAB_SHOTS=<folder> to keep screenshots.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { launchChromium, offlinePage, type OfflinePage } from "../../scripts/browser";
import { ROOT } from "../../scripts/jupyter-env";
import { type LabServer, startLabServer } from "../../scripts/nbserver";
import { PLOTLY_MIME } from "../../src/notebook/figure-bundle";
import { FIGURE_CLASS } from "../../src/notebook/plotly-html";
import { type ExecutedReport, NB_DIR, executedReport } from "./executed-report";

const SHOTS = process.env.BACKPROP_LAB_SHOTS;

/** What the open notebook shows, read from JupyterLab's models and DOM. */
interface NotebookState {
  path: string;
  codeCells: number;
  executed: number;
  /** Outputs whose data has the plotly MIME type. */
  figures: number;
  /** Plotly renderers that have drawn (have plotly's .main-svg). */
  drawn: number;
  /** The MIME type JupyterLab drew each figure from: plotly's (its extension) or text/html. */
  renderedAs: string[];
  problems: string[];
  trusted: boolean[];
  /** y values of the first trace of each drawn figure, as the plotly graph in the page holds them. */
  drawnY: string[];
  /** The same from the output models. */
  modelY: string[];
}

const STATE_JS = `(() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets;
  const s = { path: panel.context.path, codeCells: 0, executed: 0, figures: 0, drawn: 0, renderedAs: [], problems: [],
    trusted: [], drawnY: [], modelY: [] };
  cells.forEach((cell, i) => {
    if (cell.model.type !== "code") return;
    s.codeCells++;
    s.trusted.push(cell.model.trusted);
    if (typeof cell.model.executionCount === "number") s.executed++;
    const outputs = cell.model.outputs;
    for (let k = 0; k < outputs.length; k++) {
      const o = outputs.get(k);
      if (o.type === "error") s.problems.push("cell " + (i + 1) + ": error " + JSON.stringify(o.toJSON()).slice(0, 300));
      if (o.type === "stream" && o.toJSON().name === "stderr")
        s.problems.push("cell " + (i + 1) + ": stderr " + String(o.toJSON().text).slice(0, 300));
      const fig = o.data["${PLOTLY_MIME}"];
      if (fig) { s.figures++; s.modelY.push(JSON.stringify(fig.data[0].y)); }
    }
  });
  // jupyterlab-plotly's renderer is the only one with class jp-RenderedPlotly; a figure drawn from its
  // text/html instead would sit in an HTML renderer.
  for (const r of panel.node.querySelectorAll(".jp-RenderedPlotly")) {
    s.renderedAs.push("${PLOTLY_MIME}");
    if (r.querySelector(".main-svg")) { s.drawn++; s.drawnY.push(JSON.stringify(r.data && r.data[0].y)); }
  }
  for (const _ of panel.node.querySelectorAll('[data-mime-type="text/html"] .${FIGURE_CLASS}')) s.renderedAs.push("text/html");
  return s;
})()`;

describe("JupyterLab, end to end", () => {
  let report: ExecutedReport;
  let server: LabServer;
  let browser: Browser;
  let uiDir = "";
  /** The folder under the server's root (the project) that holds the copies, so `from ".."` finds the library. */
  let rel = "";

  before(
    async () => {
      report = executedReport();
      // Not a hidden folder (Jupyter does not serve those); *.tmp is git-ignored.
      uiDir = `${mkdtempSync(path.join(ROOT, "e2e-lab-"))}.tmp`;
      rmSync(uiDir.slice(0, -4), { recursive: true, force: true });
      mkdirSync(uiDir);
      // The notebooks read their parameters from the file beside them, as in notebooks/.
      copyFileSync(path.join(NB_DIR, "parameters.json"), path.join(uiDir, "parameters.json"));
      rel = path.basename(uiDir);
      server = await startLabServer(ROOT, { extraArgs: ["--LabApp.expose_app_in_browser=True"] });
      browser = await launchChromium();
      if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    },
    { timeout: 900_000 },
  );
  after(async () => {
    await browser?.close();
    const pid = server?.pid;
    await server?.stop();
    if (uiDir) rmSync(uiDir, { recursive: true, force: true });
    if (pid) assert.throws(() => process.kill(-pid, 0), /ESRCH/, "JupyterLab and its kernels are gone");
  });

  /** Opens a notebook of the UI folder in a new page and waits until it is loaded (and its kernel idle). */
  async function open(file: string, waitForKernel = true): Promise<OfflinePage> {
    const width = 1280;
    const p = await offlinePage(browser, { width, height: 900, allowOrigins: [server.base] });
    const nbPath = `${rel}/${file}`;
    // ?reset: a fresh layout with just this notebook, not the tabs the previous page left open
    await p.page.goto(server.url(`lab/tree/${encodeURIComponent(rel)}/${encodeURIComponent(file)}?reset`), {
      waitUntil: "load",
    });
    await p.page.waitForFunction(
      `(() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!(w && w.context && w.context.path === ${JSON.stringify(nbPath)} && w.context.isReady
          && (!${waitForKernel} || (w.sessionContext.session && w.sessionContext.session.kernel
          && w.sessionContext.session.kernel.status === "idle"))); })()`,
      undefined,
      { timeout: 90_000, polling: 200 },
    );
    return p;
  }

  /** Run All, as the menu does; resolves when every cell has run and the kernel is idle (bounded by timeoutMs). */
  async function runAll(page: Page, timeoutMs: number): Promise<void> {
    // The command's promise settles when the last cell has run; a flag on the page lets the wait below bound it.
    await page.evaluate(`(() => { window.runAllDone = false;
      window.jupyterapp.commands.execute("notebook:run-all-cells").finally(() => { window.runAllDone = true; }); })()`);
    await page.waitForFunction(
      `(() => { const w = window.jupyterapp.shell.currentWidget;
        return window.runAllDone === true && w.sessionContext.session.kernel.status === "idle"
          && w.content.widgets.filter((c) => c.model.type === "code").every((c) => typeof c.model.executionCount === "number"); })()`,
      undefined,
      { timeout: timeoutMs, polling: 250 },
    );
  }

  /** Waits until every figure output has drawn (or the time is up), then returns the state. */
  async function settle(page: Page, timeoutMs = 30_000): Promise<NotebookState> {
    try {
      await page.waitForFunction(
        `(() => { const s = ${STATE_JS}; return s.figures > 0 && s.drawn === s.figures; })()`,
        undefined,
        { timeout: timeoutMs, polling: 250 },
      );
    } catch {
      // the assertions below say what is missing
    }
    return (await page.evaluate(STATE_JS)) as NotebookState;
  }

  /** Closes the page and shuts down the kernels it started, so they do not run on beside the next notebook. */
  async function close(p: OfflinePage): Promise<void> {
    await p.context.close();
    const sessions = (await (await fetch(server.url("api/sessions"))).json()) as { id: string }[];
    for (const s of sessions) await fetch(server.url(`api/sessions/${s.id}`), { method: "DELETE" });
  }

  /** A screenshot with the first figure in view. */
  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    await page.evaluate(
      `(() => { const r = document.querySelector(".jp-RenderedPlotly"); if (r) r.scrollIntoView(); })()`,
    );
    await page.waitForTimeout(300); // let the notebook's scroll settle before the picture
    await page.screenshot({ path: path.join(SHOTS, name) });
  }

  test("the project kernel and the plotly extension are what JupyterLab offers", async () => {
    const specs = (await (await fetch(server.url("api/kernelspecs"))).json()) as {
      kernelspecs: Record<string, { spec: { argv: string[]; display_name: string } }>;
    };
    // The project's kernelspec: its launcher beside kernel.json, which starts the project's node_modules/tslab.
    assert.match(specs.kernelspecs.tslab?.spec.argv.join(" ") ?? "", /^node \{resource_dir\}\/kernel\.cjs kernel /);
    const extensions = (await (await fetch(server.url("lab/api/extensions"))).json()) as { name: string }[];
    assert.ok(
      extensions.some((e) => e.name === "jupyterlab-plotly"),
      `jupyterlab-plotly among ${extensions.map((e) => e.name).join(", ")}`,
    );
  });

  /**
   * Sets hidden = 3 and batchSize = 16 in the parameters cell (in place of the values it reads from
   * parameters.json), as a user trying a value in the lab would type them; returns the new source.
   */
  async function editParameters(page: Page): Promise<string | null> {
    return (await page.evaluate(`(() => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets
        .find((c) => /const hidden = /.test(c.model.sharedModel.getSource()));
      if (!cell) return null;
      const src = cell.model.sharedModel.getSource()
        .replace(/const hidden = [^;]+;/, "const hidden = 3;").replace(/const batchSize = [^;]+;/, "const batchSize = 16;");
      cell.model.sharedModel.setSource(src);
      return src;
    })()`)) as string | null;
  }

  test(
    "notebook 02 as a user runs it: Run All, every figure draws; then hidden 3 and batch 16, Run All again, figures redraw",
    { timeout: 900_000 },
    async () => {
      // One notebook is run live: the other checks read the report's one execution of all of them (below).
      const f = report.notebooks.find((n) => n.startsWith("02"));
      assert.ok(f, "the report has notebook 02");
      copyFileSync(path.join(NB_DIR, f), path.join(uiDir, f));
      const opened = await open(f);
      const { page, problems } = opened;
      try {
        const entry = report.manifest.notebooks.find((n) => n.notebook === f);
        const budget = Math.max(120_000, 10_000 * (entry?.executeSeconds ?? 30));
        await runAll(page, budget);
        const s = await settle(page);
        await shot(page, `lab-run-${f}.png`);
        assert.deepEqual(s.problems, [], `${f}: error or stderr outputs`);
        assert.equal(s.executed, s.codeCells, `${f}: every code cell ran`);
        assert.equal(s.figures, entry?.figures, `${f}: as many figures as in the headless run`);
        assert.equal(s.drawn, s.figures, `${f}: figures drawn`);
        assert.deepEqual(
          s.renderedAs,
          Array(s.figures).fill(PLOTLY_MIME),
          `${f}: every figure drawn by the plotly extension`,
        );
        // The user's experiment: a bigger bottleneck and mini-batches, then Run All again.
        const edited = await editParameters(page);
        assert.ok(edited, `${f}: a parameters cell with \`const hidden =\``);
        assert.match(edited, /const hidden = 3;/);
        assert.match(edited, /const batchSize = 16;/);
        await runAll(page, budget);
        const again = await settle(page);
        await shot(page, `lab-params-${f}.png`);
        assert.deepEqual(again.problems, [], `${f} (hidden 3, batch 16): error or stderr outputs`);
        assert.equal(again.figures, s.figures, `${f} (hidden 3, batch 16): the same figures`);
        assert.equal(again.drawn, again.figures, `${f} (hidden 3, batch 16): all drawn again`);
        assert.deepEqual(again.drawnY, again.modelY, `${f}: each drawn figure shows its output's current data`);
        const changed = again.modelY.filter((y, i) => y !== s.modelY[i]).length;
        assert.equal(changed, again.figures, `${f}: figures with new data`);
        assert.deepEqual(problems.pageErrors, [], `${f}: script errors in the page`);
        assert.deepEqual(problems.blockedRequests, [], `${f}: requests outside JupyterLab`);
      } finally {
        await close(opened);
      }
    },
  );

  test(
    "every executed notebook from the report shows all its figures at once, without running; an untrusted copy too",
    { timeout: 300_000 },
    async () => {
      const withFigures = [...report.manifest.notebooks].sort((a, b) => b.figures - a.figures);
      assert.ok(withFigures[0]?.figures > 0, "the report has a notebook with figures");
      const files: [string, boolean, (typeof withFigures)[number]][] = [];
      for (const entry of report.manifest.notebooks) {
        const signed = `executed-${entry.notebook}`;
        copyFileSync(path.join(report.dir, entry.notebook), path.join(uiDir, signed));
        files.push([signed, true, entry]);
      }
      // Any change to a signed notebook voids its signature: this copy of the one with most figures opens untrusted.
      const most = withFigures[0];
      const nb = JSON.parse(readFileSync(path.join(report.dir, most.notebook), "utf8")) as {
        metadata: Record<string, unknown>;
      };
      nb.metadata.untrusted_copy = true;
      const unsigned = `untrusted-${most.notebook}`;
      writeFileSync(path.join(uiDir, unsigned), JSON.stringify(nb));
      files.push([unsigned, false, most]);
      for (const [file, trusted, entry] of files) {
        const opened = await open(file, false);
        const { page, problems } = opened;
        try {
          const s = entry.figures > 0 ? await settle(page) : ((await page.evaluate(STATE_JS)) as NotebookState);
          await shot(page, `lab-open-${file}.png`);
          assert.ok(
            s.trusted.every((t) => t === trusted),
            `${file}: cells trusted = ${trusted}`,
          );
          assert.deepEqual(s.problems, [], `${file}: error or stderr outputs`);
          assert.equal(s.executed, s.codeCells, `${file}: opened with its outputs`);
          assert.equal(s.figures, entry.figures, `${file}: figures in the file`);
          assert.equal(s.drawn, s.figures, `${file}: figures drawn without running anything`);
          assert.ok(s.renderedAs.every((m) => m === PLOTLY_MIME));
          assert.deepEqual(problems.pageErrors, [], `${file}: script errors in the page`);
          assert.deepEqual(problems.blockedRequests, [], `${file}: requests outside JupyterLab`);
        } finally {
          await close(opened);
        }
      }
    },
  );
});
