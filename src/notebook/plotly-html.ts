/**
 * The HTML a notebook emits to draw plotly figures: one loader with the whole plotly.js bundle inline
 * (no CDN, so exports work offline), and one small snippet per figure. Pure string builders; display.ts
 * hands them to the kernel.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { type Figure } from "../plot/figure";
import { escapeHtml, scriptJson } from "../format/escape";

/** Marks our figure outputs, so tests and tools can count the figures a notebook should show. */
export const FIGURE_CLASS = "backprop-lab-figure";

/**
 * The loader: print CSS (no modebar on paper, no figure split across pages) and plotly.js.
 * The bundle runs inside function(define, module, exports) with those three undefined, so it never takes
 * its AMD or CommonJS branch: with require.js on the page (classic Notebook, nbconvert HTML) an AMD bundle
 * would register a module instead of setting window.Plotly.
 */
export function plotlyLoaderHtml(bundle: string = readPlotlyBundle()): string {
  if (/<\/script/i.test(bundle)) throw new Error("plotly.js bundle contains </script and cannot be inlined");
  return (
    "<style>@media print{.js-plotly-plot .modebar-container{display:none!important}" +
    `.${FIGURE_CLASS}{break-inside:avoid}}</style>` +
    `<script>(function(define,module,exports){\n${bundle}\n}).call(window);</script>`
  );
}

export function readPlotlyBundle(): string {
  return readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
}

/**
 * One figure: a div that says how to get the plot drawn until plotly replaces its content, and a script
 * that waits (up to 60 s) for window.Plotly and the div, since a front end may insert outputs lazily or
 * run the loader's script after this one.
 */
export function figureHtml(fig: Figure, id: string = newFigureId()): string {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new Error(`figureHtml: "${id}" is not a usable element id`);
  const height = fig.layout.height;
  const note = escapeHtml(
    `Figure "${plainTitle(fig.layout.title.text)}" is not drawn: run the notebook's cells, or trust the notebook.`,
  );
  return (
    `<div id="${id}" class="plotly-graph-div ${FIGURE_CLASS}" style="height:${height}px;width:100%">` +
    `<p style="color:#777;font:12px sans-serif;padding-top:1em">${note}</p></div>` +
    `<script>${figureScript(fig, id)}</script>`
  );
}

/**
 * The script of one figure: draws `fig` into the element `id` once plotly.js is there. The report's sanitiser
 * (scripts/report-sanitize.ts) keeps a script only if it is exactly this, rebuilt from its own figure data.
 */
export function figureScript(fig: unknown, id: string): string {
  return (
    `(function(){var fig=${scriptJson(fig)},t0=Date.now();` +
    `function draw(){var el=document.getElementById(${scriptJson(id)});` +
    "if(window.Plotly&&el){el.textContent='';window.Plotly.newPlot(el,fig.data,fig.layout,fig.config);fit(el);}" +
    "else if(Date.now()-t0<60000){setTimeout(draw,50);}}" +
    // plotly's `responsive` follows the window only; the column can change without it (a scrollbar appears,
    // the page is laid out for print), so the figure follows its own box. (After draw: the sanitiser knows a
    // figure script by its opening.)
    "function fit(el){if(!window.ResizeObserver)return;new ResizeObserver(function(){" +
    "if(el._fullLayout&&Math.abs(el.clientWidth-el._fullLayout.width)>1)window.Plotly.Plots.resize(el);}).observe(el);}" +
    "draw();})();"
  );
}

export function newFigureId(): string {
  return `blfig-${randomBytes(6).toString("hex")}`;
}

/** A plotly title without its markup (<br>, <sub>…), for plain-text use. */
export function plainTitle(title: string): string {
  return title
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .trim();
}
