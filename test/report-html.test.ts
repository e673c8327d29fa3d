/**
 * An exported page keeps nothing that points outside the report folder: Debian's file:// require.js and
 * MathJax and a CDN's are removed, the TeX is typeset, and plotly.js comes from the folder only when the
 * page has a figure. Code keeps its dollar signs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PLOTLY_FILE, cleanPage } from "../scripts/report-html";

const head =
  '<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>' +
  '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>' +
  '<script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>';

test("external scripts and the MathJax config go; maths is typeset; code is left alone", () => {
  const page =
    `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>` +
    "<p>Error $E = \\sum_k (\\hat x_k - x_k)^2$ and $$W_1 \\in \\mathbb{R}^{n \\times h}$$</p>" +
    "<pre>const price = `$${x}`;</pre></body></html>";
  const r = cleanPage(page);
  assert.doesNotMatch(r.html, /<script[^>]*\ssrc=/, "no script with a src");
  assert.doesNotMatch(r.html, /x-mathjax-config|usr\/share\/javascript/);
  assert.equal(r.formulas, 2);
  assert.deepEqual(r.mathErrors, []);
  assert.equal((r.html.match(/<mjx-container/g) ?? []).length, 2);
  assert.doesNotMatch(r.html.replace(/<pre>[\s\S]*?<\/pre>/g, ""), /\\sum|\\hat|\$/, "no raw TeX outside code");
  assert.match(r.html, /<pre>const price = `\$\$\{x\}`;<\/pre>/, "code keeps its dollars");
  assert.ok(!r.html.includes(PLOTLY_FILE), "no plotly.js on a page without figures");
});

test("a page with a figure loads plotly.js from the report folder; a TeX error is reported", () => {
  const page =
    `<!DOCTYPE html><html><head>${head}</head><body><div id="f" class="plotly-graph-div"></div>` +
    "<p>$\\notacommand{x}$</p></body></html>";
  const r = cleanPage(page);
  const headPart = r.html.slice(0, r.html.indexOf("</head>"));
  assert.ok(headPart.includes(`<script src="${PLOTLY_FILE}"></script>`), "plotly.js loaded in the head");
  assert.deepEqual(r.mathErrors, ["Undefined control sequence \\notacommand"]);
});
