/**
 * One-line display helpers for notebook cells, on top of tslab's display API. They work only inside the
 * tslab kernel (tslab throws "Not ready" elsewhere); the HTML they send is built by pure functions that
 * the tests check without a kernel.
 */
import * as tslab from "tslab";
import { type Figure } from "../plot/figure";
import { figureHtml, plotlyLoaderHtml } from "./plotly-html";
import { type SvgOptions, svgHtml } from "./svg";
import { type TableLike, type TableOptions, tableHtml } from "./table";

/**
 * Puts plotly.js into the notebook. Call it in the first code cell, every time: a loader emitted only by the
 * first plot would vanish from the saved notebook when that cell is re-run, and every figure needs it.
 */
export function initPlotly(): void {
  tslab.display.html(plotlyLoaderHtml());
}

/** Draws a figure built by errorCurves, bands, differenceCurves, timingBars, reconstructionScatter, … */
export function show(fig: Figure): void {
  tslab.display.html(figureHtml(fig));
}

/** A danfojs DataFrame/Series or an array of records as an HTML table. */
export function showTable(table: TableLike, options: TableOptions = {}): void {
  tslab.display.html(tableHtml(table, options));
}

/** An SVG picture, e.g. a graph drawn by Graphviz, shrunk to fit the width and one printed page. */
export function showSvg(svg: string, options: SvgOptions = {}): void {
  tslab.display.html(svgHtml(svg, options));
}

/** Markdown (with $…$ LaTeX), for text computed from results. */
export function showMarkdown(markdown: string): void {
  tslab.display.markdown(markdown);
}

export function showHtml(html: string): void {
  tslab.display.html(html);
}
