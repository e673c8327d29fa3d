/**
 * Typesets the TeX in an HTML page at export time, with MathJax's own server-side renderer (mathjax-full, no
 * browser): $…$, $$…$$, \(…\), \[…\] and \begin{…} environments become inline SVG, as nbconvert's MathJax
 * configuration would have found them. The page then needs no MathJax, no network and no system path.
 * MathJax leaves <pre>, <code>, <script>, <style> and <textarea> alone, so code cells keep their dollars.
 */
import { mathjax } from "mathjax-full/js/mathjax";
import { TeX } from "mathjax-full/js/input/tex";
import type TexError from "mathjax-full/js/input/tex/TexError";
import { SVG } from "mathjax-full/js/output/svg";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages";

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

/** Packages that need a browser or the network (require, autoload) or that would hide TeX errors (noerrors). */
const PACKAGES = AllPackages.filter((p) => !["require", "autoload", "noerrors", "noundefined"].includes(p));

export interface TypesetResult {
  html: string;
  /** Formulas typeset. */
  formulas: number;
  /** TeX that MathJax could not parse, with its message (shown in red on the page, as MathJax does). */
  errors: string[];
}

/**
 * Typesets every formula in a whole HTML document (doctype, head and body kept). The SVG glyph shapes are
 * shared within the page (fontCache "global"), which keeps a page with many formulas small.
 */
export function typesetMath(page: string): TypesetResult {
  const errors: string[] = [];
  const tex = new TeX({
    packages: PACKAGES,
    inlineMath: [
      ["$", "$"],
      ["\\(", "\\)"],
    ],
    displayMath: [
      ["$$", "$$"],
      ["\\[", "\\]"],
    ],
    processEscapes: true,
    processEnvironments: true,
    // Record the error and let MathJax show its red box in place of the formula.
    formatError: (jax: TeX<unknown, unknown, unknown>, err: TexError) => {
      errors.push(err.message);
      return jax.formatError(err);
    },
  });
  const svg = new SVG({ fontCache: "global" });
  const doc = mathjax.document(page, { InputJax: tex, OutputJax: svg });
  doc.render();
  const formulas = Array.from(doc.math).length;
  const root = adaptor.root(doc.document);
  const html = adaptor.doctype(doc.document) + "\n" + adaptor.outerHTML(root);
  return { html, formulas, errors };
}
