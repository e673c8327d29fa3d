import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, scriptJson } from "../src/format/escape";
import { FIGURE_CLASS, figureHtml, plainTitle, plotlyLoaderHtml, readPlotlyBundle } from "../src/notebook/plotly-html";
import { FigureIds, PLOTLY_MIME, figureBundle } from "../src/notebook/figure-bundle";
import { svgHtml } from "../src/notebook/svg";
import { tableHtml } from "../src/notebook/table";
import { errorCurves } from "../src/plot/curves";

const NASTY = `</script><script>alert("x")</script><!-- & "quotes"`;

test("escapeHtml escapes the characters that end text or an attribute", () => {
  assert.equal(escapeHtml(`<a href="x">&</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
});

test("scriptJson: no '<' survives, and the JSON still parses to the same value", () => {
  const value = { title: NASTY, s: "\u2028\u2029" };
  const json = scriptJson(value);
  assert.doesNotMatch(json, /</);
  assert.doesNotMatch(json, /[\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), value);
});

test("figureHtml: one div and one script; the figure's text cannot break out of the script", () => {
  const fig = errorCurves(
    [{ label: "backprop", history: [{ epoch: 0, trainError: 1, testError: null, seconds: 0 }] }],
    {
      title: NASTY,
    },
  );
  const html = figureHtml(fig, "fig-1");
  assert.equal(html.match(/<script>/g)?.length, 1);
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  assert.ok(html.endsWith("</script>"));
  assert.match(html, new RegExp(`<div id="fig-1" class="plotly-graph-div ${FIGURE_CLASS}" style="height:420px`));
  // The placeholder, shown where scripts do not run, names the figure: plotly's tags dropped, the rest escaped.
  assert.match(html, /<p [^>]*>Figure &quot;alert\(&quot;x&quot;\)&lt;!-- &amp; &quot;quotes&quot;&quot; is not drawn/);
  // The figure data in the script is exactly the figure.
  const m = /var fig=(.*),t0=Date\.now\(\)/.exec(html);
  assert.ok(m, "figure JSON found");
  assert.deepEqual(JSON.parse(m[1]), fig);
  assert.throws(() => figureHtml(fig, 'x" onload="'), /not a usable element id/);
});

test("figureHtml gives every figure its own id", () => {
  const fig = errorCurves([{ label: "a", history: [{ epoch: 0, trainError: 1, testError: null, seconds: 0 }] }], {
    title: "t",
  });
  const ids = new Set(Array.from({ length: 50 }, () => /id="([^"]+)"/.exec(figureHtml(fig))?.[1]));
  assert.equal(ids.size, 50);
});

test("plotlyLoaderHtml: print CSS, plotly.js inside the AMD-hiding wrapper, refuses a bundle it cannot inline", () => {
  const html = plotlyLoaderHtml("window.Plotly = {};");
  assert.match(html, /@media print\{\.js-plotly-plot \.modebar-container\{display:none!important\}/);
  assert.match(
    html,
    /<script>\(function\(define,module,exports\)\{\nwindow\.Plotly = \{\};\n\}\)\.call\(window\);<\/script>$/,
  );
  assert.throws(() => plotlyLoaderHtml("var s = '</script>';"), /cannot be inlined/);
  const bundle = readPlotlyBundle();
  assert.ok(bundle.length > 1_000_000, "the real plotly.js bundle is read");
  assert.doesNotThrow(() => plotlyLoaderHtml(bundle));
});

test("plainTitle drops plotly's markup", () => {
  assert.equal(plainTitle("Error<br><sub>over 4 seeds</sub>"), "Error over 4 seeds");
});

test("tableHtml from records: columns from every record, cells escaped, numbers rounded and right-aligned", () => {
  const html = tableHtml([
    { name: "<b>", x: 0.123456 },
    { x: 12, y: 1.5e-7 },
  ]);
  assert.match(html, /<thead><tr><th>name<\/th><th>x<\/th><th>y<\/th><\/tr><\/thead>/);
  assert.match(html, /<td style="text-align:left">&lt;b&gt;<\/td>/);
  assert.match(html, /<td style="text-align:right">0\.1235<\/td>/);
  assert.match(html, /<td style="text-align:right">12<\/td>/);
  assert.match(html, /<td style="text-align:right">1\.500 × 10⁻⁷<\/td>/);
  // The digits asked for, trailing zeros included; counts grouped.
  assert.match(tableHtml([{ v: 0.19788 }], { digits: 6 }), />0\.197880</);
  assert.match(tableHtml([{ n: 150000 }]), />150,000</);
  assert.doesNotMatch(html, /<b>/);
});

test("tableHtml from a DataFrame-like value: a named index is shown, 0..n−1 is not; long tables are cut", () => {
  const described = { columns: ["x1"], values: [[30], [0.46081]], index: ["count", "mean"] };
  assert.match(
    tableHtml(described),
    /<tr><th style="text-align:left">mean<\/th><td style="text-align:right">0\.4608<\/td><\/tr>/,
  );
  const frame = {
    columns: ["a", "b"],
    values: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    index: [0, 1, 2],
  };
  const cut = tableHtml(frame, { maxRows: 1 });
  assert.doesNotMatch(cut, /<th><\/th>/, "no index column for a default index");
  assert.match(cut, /… 2 more rows \(3 in all\)/);
  assert.equal(cut.match(/<tr>/g)?.length, 3, "header, one row, the summary row");
  const series = { columns: ["a"], values: [1, 2] };
  assert.match(tableHtml(series), /<tbody><tr><td style="text-align:right">1<\/td><\/tr><tr>/);
  assert.throws(() => tableHtml({ columns: ["a", "b"], values: [[1]] }), /row 0 has 1 cells but there are 2 columns/);
  assert.throws(() => tableHtml(frame, { digits: 0 }), /digits must be an integer from 1 to 17/);
});

test("svgHtml: the SVG travels as a base64 data: URI in an <img>, prolog dropped, namespace ensured", () => {
  const svg =
    '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="40pt" height="20pt"><rect width="5" height="5"/></svg>';
  const html = svgHtml(svg, { alt: 'graph "G"' });
  assert.match(
    html,
    /^<img class="backprop-lab-svg" alt="graph &quot;G&quot;" style="[^"]*max-height:900px[^"]*" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">$/,
  );
  const b64 = /base64,([^"]+)"/.exec(html)?.[1] ?? "";
  assert.equal(
    Buffer.from(b64, "base64").toString("utf8"),
    '<svg xmlns="http://www.w3.org/2000/svg" width="40pt" height="20pt"><rect width="5" height="5"/></svg>',
  );
  const withNs = '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>';
  assert.equal(Buffer.from(/base64,([^"]+)"/.exec(svgHtml(withNs))?.[1] ?? "", "base64").toString(), withNs);
  assert.throws(() => svgHtml("<div>no picture</div>"), /no <svg> element/);
  assert.throws(() => svgHtml(withNs, { maxHeight: 0 }), /maxHeight must be a positive number/);
});

test("FigureIds: the same sequence of figures gets the same ids in every kernel, and equal figures differ", () => {
  const history = [{ epoch: 0, trainError: 1, testError: null, seconds: 0 }];
  const a = errorCurves([{ label: "a", history }], { title: "A" });
  const b = errorCurves([{ label: "a", history }], { title: "B" });
  const ids = (): string[] => {
    const gen = new FigureIds();
    return [gen.next(a), gen.next(b), gen.next(a)];
  };
  const first = ids();
  assert.deepEqual(ids(), first, "stable from one execution to the next");
  assert.equal(new Set(first).size, 3, "unique, even for equal figures");
  for (const id of first) assert.match(id, /^blfig-[0-9a-f]{12}(-\d+)?$/);
});

test("figureBundle: plotly JSON (the figure itself), the HTML with the given id, and the title as text", () => {
  const fig = errorCurves([{ label: "a", history: [{ epoch: 0, trainError: 1, testError: null, seconds: 0 }] }], {
    title: "Error<br><sub>small</sub>",
  });
  const bundle = figureBundle(fig, "blfig-x");
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
  assert.equal(PLOTLY_MIME, "application/vnd.plotly.v1+json");
  assert.equal(bundle[PLOTLY_MIME], fig);
  assert.equal(bundle["text/html"], figureHtml(fig, "blfig-x"));
  assert.equal(bundle["text/plain"], "Figure: Error small");
});
