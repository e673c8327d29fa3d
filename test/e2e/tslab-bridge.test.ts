/**
 * The display helpers in a real tslab kernel (the project's kernelspec, the project's Python): one figure
 * is one display_data carrying the plotly JSON, the HTML and a text line; live training replaces one
 * output with progress lines and finally the figure; and importing the library does not load tslab.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { PYTHON, ROOT, isolatedJupyterEnv } from "../../scripts/jupyter-env";
import { PLOTLY_MIME } from "../../src/notebook/figure-bundle";
import { plainTitle } from "../../src/notebook/plotly-html";
import { type Figure } from "../../src/plot/figure";

interface Message {
  cell: number;
  type: string;
  content: { data?: Record<string, unknown>; transient?: { display_id?: string }; name?: string; text?: string };
}

/** Runs the cells in a fresh kernel started in notebooks/ (so `from ".."` is the library) and returns its messages. */
function runInKernel(cells: string[]): Message[] {
  const r = spawnSync(PYTHON, [path.join(ROOT, "test", "e2e", "kernel-iopub.py")], {
    input: JSON.stringify({ cwd: path.join(ROOT, "notebooks"), cells }),
    env: isolatedJupyterEnv(),
    encoding: "utf8",
    timeout: 180_000,
  });
  assert.equal(r.status, 0, `kernel-iopub.py failed: ${r.stderr}`);
  const lines = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Message & { done?: boolean });
  assert.ok(lines.at(-1)?.done, "the script ran to the end");
  return lines.slice(0, -1);
}

const FIGURE_CELL = `
import { errorCurves, show } from "..";
const history = [0.5, 0.25, 0.125].map((e, epoch) => ({ epoch, trainError: e, testError: 2 * e, seconds: 0 }));
show(errorCurves([{ label: "backprop", history: history }], { title: "Bundle <check>" }));
`;

const LIVE_CELL = `
import { trainingProgress, train, backpropMethod, initForSeed, prepareDataset } from "..";
const ds = await prepareDataset({ data: "../data/iris.csv", columns: ["sepal_length", "petal_length", "petal_width"], test: { fraction: 0.2 }, seed: 0 });
const live = trainingProgress({ label: "backprop", epochs: 4, title: "Live check", intervalSeconds: 0 });
train(backpropMethod, initForSeed(0, 3, 2), ds.train, ds.test, { epochs: 4, lr: 0.1, seed: 0, onEpoch: live.onEpoch });
live.finish();
`;

test("in the kernel: a figure is one output with plotly JSON, HTML and text; live training updates one output", () => {
  const messages = runInKernel([FIGURE_CELL, LIVE_CELL]);
  const problems = messages.filter((m) => m.type === "error" || (m.type === "stream" && m.content.name === "stderr"));
  assert.deepEqual(problems, [], "no error or stderr output");

  const figure = messages.filter((m) => m.cell === 0);
  assert.deepEqual(
    figure.map((m) => m.type),
    ["display_data"],
  );
  const data = figure[0].content.data ?? {};
  assert.deepEqual(Object.keys(data).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
  const fig = data[PLOTLY_MIME] as Figure;
  assert.equal(fig.layout.title.text, "Bundle <check>");
  assert.deepEqual(
    fig.data.map((t) => [t.name, t.y]),
    [
      ["backprop train", [0.5, 0.25, 0.125]],
      ["backprop test", [1, 0.5, 0.25]],
    ],
  );
  assert.equal(data["text/plain"], `Figure: ${plainTitle("Bundle <check>")}`);
  assert.match(String(data["text/html"]), /<div id="blfig-[0-9a-f]{12}" class="plotly-graph-div/);

  // Live: the first message shows the line for epoch 0, each epoch updates that same output, the last
  // update is the figure.
  const live = messages.filter((m) => m.cell === 1);
  assert.deepEqual(
    live.map((m) => m.type),
    ["display_data", ...Array(5).fill("update_display_data")],
  );
  const ids = new Set(live.map((m) => m.content.transient?.display_id));
  assert.equal(ids.size, 1, "one display id throughout");
  assert.ok([...ids][0], "the display has an id");
  const lines = live.slice(0, 5).map((m) => String(m.content.data?.["text/plain"]));
  // From epoch 1 on, each update also draws the curves so far (as HTML, see LiveDisplay.progress).
  const htmlFigures = live
    .slice(0, 5)
    .map((m) => (String(m.content.data?.["text/html"]).match(/plotly-graph-div/g) ?? []).length);
  assert.deepEqual(htmlFigures, [0, 1, 1, 1, 1]);
  lines.forEach((line, epoch) => assert.match(line, new RegExp(`^backprop: epoch ${epoch} of 4 · training error `)));
  const last = live[5].content.data ?? {};
  assert.deepEqual(Object.keys(last).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
  const curves = last[PLOTLY_MIME] as Figure;
  assert.equal(curves.layout.title.text, "Live check");
  assert.deepEqual(curves.data[0].x, [0, 1, 2, 3, 4]);
});

test("requiring the library does not load tslab (it loads on the first display)", () => {
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      `require(${JSON.stringify(ROOT)}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](tslab|typescript)[\\\\/]/.test(k))))`,
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

test("outside the kernel a display helper says so instead of failing obscurely", () => {
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      `const lib = require(${JSON.stringify(ROOT)}); const h = [{ epoch: 0, trainError: 1, testError: null, seconds: 0 }];` +
        `try { lib.show(lib.errorCurves([{ label: "a", history: h }], { title: "t" })); } catch (e) { console.log(e.message); }`,
    ],
    { encoding: "utf8" },
  );
  assert.match(r.stdout, /^Not ready/);
});
