import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LIVE_FILE, addLiveFigures, hasLiveFigures, liveRuns, withLiveScript } from "../scripts/report-live";
import { type EmbeddedRun, RUN_MIME } from "../src/replay/embedded-run";

const run = { format: 1, label: "backprop", title: "A </script> title" } as unknown as EmbeddedRun;
const figure = (id: string): string =>
  `<div class="plotly-graph-div backprop-lab-figure" id="${id}" style="height:420px"></div>` +
  `<script>(function(){document.getElementById("${id}")})();</script>`;

test("addLiveFigures puts each run right after its figure's script, and the bundle once at the end of the body", () => {
  const page = `<html><body><p>x</p>${figure("blfig-a")}<p>between</p>${figure("blfig-b")}</body></html>`;
  const out = addLiveFigures(page, [
    { figureId: "blfig-b", run },
    { figureId: "blfig-a", run },
  ]);
  const blockA = `<script type="${RUN_MIME}" data-figure="blfig-a">`;
  const blockB = `<script type="${RUN_MIME}" data-figure="blfig-b">`;
  assert.ok(out.includes(`${figure("blfig-a")}${blockA}`), "after figure a, attributes in any order");
  assert.ok(out.includes(`${figure("blfig-b")}${blockB}`));
  assert.equal(out.split("</script>").length - 1, 5, "two figure scripts, two data blocks, one bundle");
  assert.ok(out.endsWith(`<script src="${LIVE_FILE}"></script></body></html>`));
  assert.ok(!out.includes("A </script> title"), "the run's text cannot end its data block");
  assert.ok(hasLiveFigures(out));
});

test("withLiveScript: a document made of pages with live figures loads the bundle once, at its end", () => {
  const tag = `<script src="${LIVE_FILE}"></script>`;
  const pageA = addLiveFigures(`<body>${figure("blfig-a")}</body>`, [{ figureId: "blfig-a", run }]);
  const pageB = addLiveFigures(`<body>${figure("blfig-b")}</body>`, [{ figureId: "blfig-b", run }]);
  const body = (p: string): string => p.replace(/^<body>|<\/body>$/g, "");
  const doc = withLiveScript(
    `<html><body><section>${body(pageA)}</section><section>${body(pageB)}</section></body></html>`,
  );
  assert.equal(doc.split(tag).length - 1, 1);
  assert.ok(doc.endsWith(`</section>${tag}</body></html>`));
  assert.equal(withLiveScript(`<body><p>${tag}</p></body>`), "<body><p></p></body>", "no live figure, no bundle");
});

test("addLiveFigures leaves a page without those figures as it was", () => {
  const page = `<html><body>${figure("blfig-c")}</body></html>`;
  assert.equal(addLiveFigures(page, [{ figureId: "blfig-zzz", run }]), page);
  assert.equal(hasLiveFigures(page), false);
});

test("liveRuns finds the runs of an executed notebook with their figures' ids, and nothing in other outputs", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-live-"));
  try {
    const file = path.join(dir, "n.ipynb");
    const nb = {
      cells: [
        { cell_type: "markdown", source: "x" },
        {
          cell_type: "code",
          outputs: [
            { output_type: "stream", text: "hi" },
            { output_type: "display_data", data: { "text/html": [figure("blfig-1")] } },
            { output_type: "display_data", data: { "text/html": figure("blfig-2").split("\n"), [RUN_MIME]: run } },
          ],
        },
      ],
    };
    writeFileSync(file, JSON.stringify(nb));
    assert.deepEqual(liveRuns(file), [{ figureId: "blfig-2", run }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
