/**
 * One-line display helpers for notebook cells. They work only inside the tslab kernel (elsewhere they
 * throw "Not ready"); the outputs they send are built by pure functions that the tests check without a
 * kernel. tslab itself is loaded on the first call (see tslab-bridge.ts).
 */
import { randomBytes } from "node:crypto";
import { type Figure } from "../plot/figure";
import { FigureIds, figureBundle } from "./figure-bundle";
import { escapeHtml } from "../format/escape";
import { figureHtml, newFigureId, plotlyLoaderHtml } from "./plotly-html";
import { type SvgOptions, svgHtml } from "./svg";
import { type TableLike, type TableOptions, tableHtml } from "./table";
import { sendDisplayData, tslab } from "./tslab-bridge";
import { inTslabKernel, installErrorDisplay } from "./error-message";

const figureIds = new FigureIds();

// In a notebook, a failed cell shows one line instead of a stack trace into dist/ (error-message.ts).
if (inTslabKernel()) installErrorDisplay();

/**
 * Puts plotly.js into the notebook, for the front ends that draw a figure from its text/html (nbconvert's
 * HTML export, the classic Notebook); JupyterLab draws it with its plotly extension instead. Call it in the
 * first code cell, every time: a loader emitted only by the first plot would vanish from the saved notebook
 * when that cell is re-run.
 */
export function initPlotly(): void {
  tslab().display.html(plotlyLoaderHtml());
}

/**
 * Draws a figure built by errorCurves, bands, differenceCurves, timingBars, reconstructionScatter, …, as one
 * output with the plotly JSON, the interactive HTML and a plain-text line (see figure-bundle.ts).
 */
export function show(fig: Figure): void {
  sendDisplayData({ ...figureBundle(fig, figureIds.next(fig)) });
}

/**
 * One output that can be replaced while the cell still runs (Jupyter's update_display_data): progress first,
 * the finished figure at the end. Front ends show each update as it arrives, and the executed notebook keeps
 * the last one.
 */
export interface LiveDisplay {
  /**
   * Shows (or replaces the output with) a line of text, and under it, if given, a figure drawn from HTML only.
   * HTML, not plotly's JSON: JupyterLab's plotly extension draws a figure once and ignores later updates of the
   * same output, while an HTML output is drawn again at each update. Like every HTML figure, it needs the
   * loader of initPlotly() on the page; the text line shows in any case.
   */
  progress(line: string, fig?: Figure): void;
  /** Shows (or replaces the output with) a figure, as show() would; `extra` adds MIME parts to its bundle. */
  figure(fig: Figure, extra?: Record<string, unknown>): void;
}

export function newLiveDisplay(): LiveDisplay {
  const displayId = `bl-live-${randomBytes(8).toString("hex")}`;
  let sent = false;
  const send = (data: Record<string, unknown>): void => {
    sendDisplayData(data, { displayId, update: sent });
    sent = true;
  };
  return {
    progress: (line, fig) =>
      send({
        "text/plain": line,
        "text/html":
          // The class marks a progress line: the hand-in leaves it out (scripts/execute-notebooks.py).
          `<pre class="backprop-lab-progress">${escapeHtml(line)}</pre>` +
          // A random id: these figures are transient, and must not shift the stable ids of the figures to come.
          (fig ? figureHtml(fig, newFigureId()) : ""),
      }),
    figure: (fig, extra) => send({ ...figureBundle(fig, figureIds.next(fig)), ...extra }),
  };
}

/** A danfojs DataFrame/Series or an array of records as an HTML table. */
export function showTable(table: TableLike, options: TableOptions = {}): void {
  tslab().display.html(tableHtml(table, options));
}

/** An SVG picture, e.g. a graph drawn by Graphviz, shrunk to fit the width and one printed page. */
export function showSvg(svg: string, options: SvgOptions = {}): void {
  tslab().display.html(svgHtml(svg, options));
}

/** Markdown (with $…$ LaTeX), for text computed from results. */
export function showMarkdown(markdown: string): void {
  tslab().display.markdown(markdown);
}

export function showHtml(html: string): void {
  tslab().display.html(html);
}
