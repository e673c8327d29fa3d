import { test } from "node:test";
import assert from "node:assert/strict";
import { architectureDot } from "../src/graph/architecture";
import { renderSvg } from "../src/graph/render";

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Each node's centre (SVG coordinates: y grows downwards) and each title node's text box, from Graphviz's SVG. */
function layout(svg: string): { centre: Map<string, { x: number; y: number }>; titles: Map<string, Box> } {
  const centre = new Map<string, { x: number; y: number }>();
  const titles = new Map<string, Box>();
  for (const g of svg.split('<g id="node').slice(1)) {
    const name = /<title>(.*?)<\/title>/.exec(g)?.[1] ?? "";
    const ellipse = /<ellipse[^>]*cx="([-\d.]+)" cy="([-\d.]+)"/.exec(g);
    if (ellipse) centre.set(name, { x: Number(ellipse[1]), y: Number(ellipse[2]) });
    if (name.startsWith("t_")) {
      // Text anchored in the middle: the box spans the lines' baselines minus the font height, and a
      // generous width of 0.6 em per character on each side of the anchor.
      const lines = [
        ...g.matchAll(/<text[^>]*x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>(.*?)<\/text>/g),
      ];
      const half = Math.max(...lines.map((l) => 0.3 * Number(l[3]) * [...l[4]].length));
      const x = Number(lines[0][1]);
      titles.set(name, {
        x0: x - half,
        x1: x + half,
        y0: Math.min(...lines.map((l) => Number(l[2]) - Number(l[3]))),
        y1: Math.max(...lines.map((l) => Number(l[2]) + 2)),
      });
    }
  }
  return { centre, titles };
}

/** Every coordinate pair of every edge path (its spline's end and control points, and its arrowhead). */
function edgePoints(svg: string): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  for (const g of svg.split('<g id="edge').slice(1)) {
    const d = /<path[^>]* d="([^"]+)"/.exec(g)?.[1] ?? "";
    for (const m of d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) pts.push({ x: Number(m[1]), y: Number(m[2]) });
  }
  return pts;
}

for (const [n, h] of [
  [4, 3],
  [3, 2],
  [5, 2],
  [2, 4],
  [6, 3],
]) {
  test(`architecture ${n}-${h}-${n}: units drawn in index order, top to bottom, titles above and clear of edges`, async () => {
    const svg = await renderSvg(architectureDot(n, h));
    const { centre, titles } = layout(svg);
    for (const [prefix, count] of [
      ["x", n],
      ["h", h],
      ["y", n],
    ] as const) {
      const ys = Array.from({ length: count }, (_, i) => centre.get(`${prefix}${i + 1}`)?.y ?? NaN);
      assert.ok(
        ys.every((y, i) => i === 0 || y > ys[i - 1]),
        `${prefix}1 … ${prefix}${count} from top to bottom: y = ${ys.join(", ")}`,
      );
      const xs = Array.from({ length: count }, (_, i) => centre.get(`${prefix}${i + 1}`)?.x);
      assert.equal(new Set(xs).size, 1, `the ${prefix} units share one column`);
    }
    const column = (p: string): number => centre.get(`${p}1`)?.x ?? NaN;
    assert.ok(column("x") < column("h") && column("h") < column("y"), "inputs, hidden, outputs from left to right");
    assert.equal(titles.size, 3);
    for (const [t, p] of [
      ["t_in", "x"],
      ["t_hidden", "h"],
      ["t_out", "y"],
    ]) {
      const box = titles.get(t);
      assert.ok(box && box.y1 < (centre.get(`${p}1`)?.y ?? -Infinity) - 10, `${t} sits above its first unit`);
    }
    const struck = edgePoints(svg).filter((q) =>
      [...titles.values()].some((b) => q.x > b.x0 && q.x < b.x1 && q.y > b.y0 && q.y < b.y1),
    );
    assert.deepEqual(struck, [], "no edge runs through a layer title");
    const drawn = (re: RegExp): number =>
      [...svg.matchAll(/<title>(.*?)<\/title>\s*<path/g)].filter((m) => re.test(m[1])).length;
    assert.equal(drawn(/^x\d+&#45;&gt;h\d+$/), n * h, "one edge per entry of W1");
    assert.equal(drawn(/^h\d+&#45;&gt;y\d+$/), h * n, "one edge per entry of W2");
    assert.equal(drawn(/^b1&#45;&gt;h\d+$/) + drawn(/^b2&#45;&gt;y\d+$/), h + n, "one edge per bias entry");
  });
}
