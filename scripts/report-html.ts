/**
 * Turns nbconvert's HTML export into a page that needs nothing outside the report folder: external scripts
 * (require.js, MathJax, whether from Debian's /usr/share/javascript or a CDN) are removed, the TeX is typeset
 * into SVG at export time, and plotly.js is loaded once from the report folder (PLOTLY_FILE) instead of being
 * inlined into every page.
 */
import { typesetMath } from "./report-math";

/** plotly.js, copied once into the report folder; the pages load it by a relative URL. */
export const PLOTLY_FILE = "plotly.min.js";

/** For paper: no plotly modebar, no figure split across pages, long code lines wrapped instead of cut off. */
export const PRINT_CSS =
  "@media print{.modebar-container{display:none!important}.plotly-graph-div,.backprop-lab-svg{break-inside:avoid}" +
  "pre{white-space:pre-wrap!important;overflow-wrap:anywhere}}";

export interface CleanPage {
  html: string;
  formulas: number;
  mathErrors: string[];
}

/** Every <script src=…> (ours are inline, so any with a src came from the exporter's template). */
const EXTERNAL_SCRIPT = /<script\b[^>]*\bsrc\s*=\s*["'][^"']*["'][^>]*>\s*<\/script>/gi;
/** MathJax 2's in-page configuration, useless once the maths is typeset. */
const MATHJAX_CONFIG = /<script\b[^>]*type\s*=\s*["']text\/x-mathjax-config["'][^>]*>[\s\S]*?<\/script>/gi;

export function cleanPage(html: string): CleanPage {
  let page = html.replace(EXTERNAL_SCRIPT, "").replace(MATHJAX_CONFIG, "");
  const head =
    `<style>${PRINT_CSS}</style>` + (hasFigures(page) ? `<script src="${PLOTLY_FILE}"></script>` : "") + "</head>";
  page = page.replace(/<\/head>/i, head);
  const typeset = typesetMath(page);
  return { html: typeset.html, formulas: typeset.formulas, mathErrors: typeset.errors };
}

export function hasFigures(html: string): boolean {
  return html.includes("plotly-graph-div");
}

/** The parts of a page the combined report reuses. */
export interface PageParts {
  /** Everything inside <head> except <title>. */
  head: string;
  /** The <body> tag's attributes (nbconvert's theme classes). */
  bodyAttributes: string;
  body: string;
}

export function splitPage(html: string): PageParts {
  const head = /<head[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? "";
  const body = /<body([^>]*)>([\s\S]*)<\/body>/i.exec(html);
  if (!body) throw new Error("the HTML export has no <body>");
  return { head: head.replace(/<title>[\s\S]*?<\/title>/i, ""), bodyAttributes: body[1], body: body[2] };
}
