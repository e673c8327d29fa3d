/**
 * Static pictures go into the right figure output: found by the div id whatever the attribute order, the
 * "not drawn" note replaced, the figure's script and every other output left as they were.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { addStaticFigures, figureId, withPicture } from "../scripts/report-figures";
import { figureHtml } from "../src/notebook/plotly-html";
import { errorCurves } from "../src/plot/curves";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
const fig = errorCurves([{ label: "a", history: [{ epoch: 0, trainError: 1, testError: 1, seconds: 0 }] }], {
  title: "T",
});

test("the figure id is read from the div, in either attribute order", () => {
  assert.equal(figureId(figureHtml(fig, "blfig-abc")), "blfig-abc");
  assert.equal(figureId('<div class="plotly-graph-div x" id="f-2" style=""></div>'), "f-2");
  assert.equal(figureId('<div class="plotly-graph-divx" id="no"></div>'), undefined);
  assert.equal(figureId("<p>no figure</p>"), undefined);
});

test("the picture replaces the note inside the div; the script stays", () => {
  const html = figureHtml(fig, "blfig-abc");
  const out = withPicture(html, "blfig-abc", SVG);
  assert.doesNotMatch(out, /is not drawn/);
  const img = /<div id="blfig-abc"[^>]*><img [^>]*src="data:image\/svg\+xml;base64,([^"]+)">/.exec(out);
  assert.ok(img, out.slice(0, 300));
  assert.equal(Buffer.from(img[1], "base64").toString("utf8"), SVG);
  assert.equal(out.slice(out.indexOf("<script>")), html.slice(html.indexOf("<script>")));
  assert.equal(withPicture(html, "other-id", SVG), html, "another figure's id changes nothing");
});

test("a notebook file gets image/svg+xml and the <img> for each known figure only", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-figures-"));
  try {
    const file = path.join(dir, "n.ipynb");
    const nb = {
      cells: [
        {
          cell_type: "code",
          outputs: [
            { output_type: "stream", name: "stdout", text: ["x\n"] },
            { output_type: "display_data", data: { "text/html": [figureHtml(fig, "f-1")] }, metadata: {} },
            { output_type: "display_data", data: { "text/html": figureHtml(fig, "f-unknown") }, metadata: {} },
          ],
        },
      ],
    };
    writeFileSync(file, JSON.stringify(nb));
    assert.equal(addStaticFigures(file, new Map([["f-1", SVG]])), 1);
    const after = JSON.parse(readFileSync(file, "utf8")) as typeof nb & {
      cells: { outputs: { data?: Record<string, string | string[]> }[] }[];
    };
    const [stream, known, unknown] = after.cells[0].outputs;
    assert.deepEqual(stream, nb.cells[0].outputs[0]);
    assert.equal(known.data?.["image/svg+xml"], SVG);
    assert.match(String(known.data?.["text/html"]), /<img [^>]*src="data:image\/svg\+xml;base64,/);
    assert.deepEqual(unknown, nb.cells[0].outputs[2], "a figure without a picture is left as it was");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
