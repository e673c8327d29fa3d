/**
 * The report's live training figures (issue 17) in headless Chromium, from file:// with every other request
 * blocked, in a copy of the report folder somewhere else: changing η by its label retrains the figure in the
 * page and the curve leaves the notebook's; back at the notebook's settings the embedded curve returns, and
 * "Check these numbers" finds the notebook's run reproduced bit for bit. Also: settings in the URL hash,
 * both training figures in report.html, and no controls on paper.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type Page } from "playwright-core";
import { launchChromium, offlinePage } from "../../scripts/browser";
import { RUN_MIME } from "../../src/replay/embedded-run";
import { executedReport } from "./executed-report";

let browser: Browser;
let folder: string;

before(async () => {
  const report = executedReport();
  folder = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-live-"));
  cpSync(report.dir, folder, { recursive: true }); // a copy elsewhere: nothing may point back at the project
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The first live figure's plotted training errors and the embedded run's. */
async function curves(page: Page): Promise<{ plotted: (number | null)[]; embedded: number[] }> {
  return (await page.evaluate(`(() => {
    const block = document.querySelector('script[type="${RUN_MIME}"]');
    const div = document.getElementById(block.dataset.figure);
    return { plotted: div.data[0].y, embedded: JSON.parse(block.textContent).trainError };
  })()`)) as { plotted: (number | null)[]; embedded: number[] };
}

/**
 * Waits until an in-page expression is true. Not page.waitForFunction with a string: under the report's
 * Content-Security-Policy (no 'unsafe-eval') Playwright cannot compile the string to poll it, while
 * page.evaluate of a string is not subject to the page's policy.
 */
async function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function open(file: string, hash = ""): Promise<Awaited<ReturnType<typeof offlinePage>>> {
  const opened = await offlinePage(browser);
  await opened.page.goto(pathToFileURL(path.join(folder, file)).href + hash);
  await until(
    opened.page,
    "[...document.querySelectorAll('.plotly-graph-div')].every((d) => d.querySelector('.main-svg'))",
  );
  return opened;
}

const state = (page: Page, value: string): Promise<void> =>
  until(page, `document.querySelector('.bl-live-panel').dataset.state === '${value}'`);

test("notebook 2's page: η changed by its label retrains the figure, the default brings the notebook's curve back, the check says bit-identical", async () => {
  const { context, page, problems } = await open("02_backprop_from_scratch.html");
  try {
    const panels = page.locator(".bl-live-panel");
    assert.equal(await panels.count(), 1, "one training figure with controls");
    const before = await curves(page);
    assert.deepEqual(before.plotted, before.embedded, "the notebook's run is drawn at once");
    assert.equal(before.embedded.length, 301);

    const lr = page.getByLabel("learning rate η");
    assert.equal(await lr.inputValue(), "0.1");
    await lr.fill("0.5");
    await state(page, "retrained");
    const changed = await curves(page);
    assert.equal(changed.plotted.length, 301);
    assert.equal(changed.plotted[0], before.embedded[0], "epoch 0: the same initial weights");
    assert.notEqual(changed.plotted[1], before.embedded[1], "epoch 1 on: another learning rate");
    assert.match(page.url(), /#blfig-[\w-]+\.lr=0\.5$/, "the setting is in the URL hash");
    assert.match((await page.locator(".bl-live-status").textContent()) ?? "", /Retrained in this page: 300 epochs in/);

    await lr.fill("0.1");
    await state(page, "notebook");
    assert.deepEqual((await curves(page)).plotted, before.embedded, "the notebook's curve again");
    assert.doesNotMatch(page.url(), /#/, "the hash is empty at the notebook's settings");

    await page.getByRole("button", { name: "Check these numbers" }).click();
    const result = page.locator(".bl-live-check");
    await until(page, "document.querySelector('.bl-live-check').dataset.result !== 'running'");
    assert.match((await result.textContent()) ?? "", /^Check: bit-identical, 300 of 300 epochs/);
    assert.equal(await result.getAttribute("data-result"), "identical");
    assert.deepEqual(problems, { pageErrors: [], consoleErrors: [], blockedRequests: [] });
  } finally {
    await context.close();
  }
});

test("a link with settings in its hash opens retrained; a long run streams into the figure; a bad value is refused at its field", async () => {
  const { page: first, context: c1 } = await open("03_autograd.html");
  const id = (await first.locator(`script[type="${RUN_MIME}"]`).getAttribute("data-figure")) ?? "";
  await c1.close();
  const { context, page, problems } = await open("03_autograd.html", `#${id}.seed=3&${id}.method=backprop`);
  try {
    await state(page, "retrained");
    assert.equal(await page.getByLabel("seed").inputValue(), "3");
    assert.equal(await page.getByLabel("method").inputValue(), "backprop");
    const { plotted, embedded } = await curves(page);
    assert.notEqual(plotted[0], embedded[0], "another seed: other initial weights");
    // A long run streams into the figure while it trains: the curve has some epochs before it has them all.
    await page.getByLabel("epochs").fill("20000");
    await until(
      page,
      `(() => { const d = document.getElementById('${id}').data[0].y.length;
        return document.querySelector('.bl-live-panel').dataset.state === 'training' && d > 1 && d < 20001; })()`,
    );
    await page.getByLabel("hidden units").fill("0");
    await until(page, "document.querySelector('[name=hidden]').getAttribute('aria-invalid') === 'true'");
    assert.match((await page.locator(`#${id}-live-hidden-error`).textContent()) ?? "", /whole number from 1 to 16/);
    assert.deepEqual(problems, { pageErrors: [], consoleErrors: [], blockedRequests: [] });
  } finally {
    await context.close();
  }
});

test("report.html: both training figures have controls and check bit-identical; on paper the controls are hidden", async () => {
  const { context, page, problems } = await open("report.html");
  try {
    const checks = page.getByRole("button", { name: "Check these numbers" });
    assert.equal(await checks.count(), 2, "notebook 2's and notebook 3's training figures");
    for (let i = 0; i < 2; i++) {
      await checks.nth(i).click();
      await until(page, `document.querySelectorAll('.bl-live-check')[${i}].dataset.result === 'identical'`);
    }
    assert.equal(await page.locator(".bl-live-panel").first().isVisible(), true);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".bl-live-panel").first().isVisible(), false, "hidden in print");
    assert.deepEqual(problems, { pageErrors: [], consoleErrors: [], blockedRequests: [] });
  } finally {
    await context.close();
  }
});
