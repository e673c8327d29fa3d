/**
 * The figure snippets in a real browser (playwright-core + Debian's Chromium), without Jupyter: they must
 * draw whatever the order in which a front end runs them, and with an AMD loader (require.js) on the page,
 * as in the classic Notebook and some nbconvert templates.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { type Browser } from "playwright-core";
import { launchChromium, offlinePage, waitForFigures } from "../../scripts/browser";
import { figureHtml, plotlyLoaderHtml } from "../../src/notebook/plotly-html";
import { svgHtml } from "../../src/notebook/svg";
import { errorCurves } from "../../src/plot/curves";
import { bands } from "../../src/plot/bands";

/**
 * What require.js puts on a page, as far as a UMD bundle can tell: a global define() with define.amd set.
 * A bundle that saw it would register an AMD module instead of setting window.Plotly.
 */
const AMD_LOADER =
  "<script>window.define = function () { window.amdModuleRegistered = true; }; window.define.amd = {};</script>";
let browser: Browser;
const loader = plotlyLoaderHtml();
const history = [0.5, 0.3, 0.2].map((e, epoch) => ({ epoch, trainError: e, testError: e + 0.1, seconds: 0.001 }));
const figA = figureHtml(errorCurves([{ label: "backprop", history }], { title: "A" }));
const figB = figureHtml(bands([{ label: "autograd", histories: [history, history] }], { title: "B" }));

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function drawn(html: string): Promise<{ counts: [number, number]; errors: string[]; plotly: string }> {
  const { context, page, problems } = await offlinePage(browser);
  try {
    await page.setContent(html, { waitUntil: "load" });
    const counts = await waitForFigures(page, 10_000);
    const plotly = (await page.evaluate("typeof window.Plotly")) as string;
    return { counts, errors: [...problems.pageErrors, ...problems.blockedRequests], plotly };
  } finally {
    await context.close();
  }
}

test("figures draw after the loader, and also when they run before it", async () => {
  assert.deepEqual(await drawn(`<body>${loader}${figA}${figB}</body>`), {
    counts: [2, 2],
    errors: [],
    plotly: "object",
  });
  assert.deepEqual(await drawn(`<body>${figA}${figB}${loader}</body>`), {
    counts: [2, 2],
    errors: [],
    plotly: "object",
  });
});

test("with an AMD loader on the page, the loader still defines window.Plotly", async () => {
  const page = `<head>${AMD_LOADER}</head><body>${loader}${figA}</body>`;
  const result = await drawn(page);
  assert.deepEqual(result, { counts: [1, 1], errors: [], plotly: "object" });
});

test("without the loader a figure shows its placeholder and no error", async () => {
  const { context, page, problems } = await offlinePage(browser);
  try {
    await page.setContent(`<body>${figA}</body>`);
    const text = await page.textContent(".plotly-graph-div");
    assert.match(text ?? "", /Figure "A" is not drawn: run the notebook's cells, or trust the notebook\./);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test("an SVG shown with svgHtml loads as an image and shrinks to the width and the height limit", async () => {
  // 600pt × 1200pt = 800 × 1600 px: too wide for the 718 px page and taller than the 900 px limit.
  const svg =
    '<svg width="600pt" height="1200pt" viewBox="0 0 600 1200"><rect width="600" height="1200" fill="#0072B2"/></svg>';
  const { context, page, problems } = await offlinePage(browser);
  try {
    await page.setContent(`<body style="margin:0">${svgHtml(svg)}</body>`, { waitUntil: "load" });
    const [naturalWidth, width, height] = (await page.evaluate(
      "(() => { const i = document.querySelector('img'); const r = i.getBoundingClientRect();" +
        " return [i.naturalWidth, Math.round(r.width), Math.round(r.height)]; })()",
    )) as number[];
    assert.ok(naturalWidth > 0, "the image decoded");
    assert.equal(height, 900);
    assert.equal(width, 450, "proportions kept");
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});
