/**
 * Turns nbconvert's HTML export into a page that needs nothing outside the report folder and runs no script
 * but its own: the TeX is typeset into SVG at export time, every script but the project's figure scripts is
 * removed (the template's require.js, MathJax and mermaid loaders, and anything a notebook's output or data
 * brought: report-sanitize.ts), plotly.js is loaded once from the report folder (PLOTLY_FILE) instead of being
 * inlined into every page, and a Content-Security-Policy (report-csp.ts) says which scripts may run.
 */
import { withContentSecurityPolicy } from "./report-csp";
import { typesetMath } from "./report-math";
import { sanitizePage } from "./report-sanitize";

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

/**
 * The typeset maths first (its \\href could make a link), then the sanitiser over everything, then the page's own
 * additions (print CSS, plotly.js from the folder), and last the Content-Security-Policy, which allows exactly
 * the scripts the page then holds.
 */
export function cleanPage(html: string): CleanPage {
  const typeset = typesetMath(html);
  const clean = sanitizePage(typeset.html);
  const head =
    `<style>${PRINT_CSS}</style>` +
    (hasFigures(clean.html) ? `<script src="${PLOTLY_FILE}"></script>` : "") +
    "</head>";
  const page = withContentSecurityPolicy(clean.html.replace(/<\/head>/i, head));
  return { html: page, formulas: typeset.formulas, mathErrors: typeset.errors };
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
