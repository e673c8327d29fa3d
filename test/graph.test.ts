import { test } from "node:test";
import assert from "node:assert/strict";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { autoencoderForward, backward, constant, paramTensors, param, mul, sum } from "../src/autograd/index";
import { graphToDot, graphTensors } from "../src/graph/dot";
import { renderSvg } from "../src/graph/render";

/** The one-sample graph of the autoencoder, after backward. */
function sampleGraph(): ReturnType<typeof autoencoderForward> {
  const p = initParams(3, 2, new Rng(1));
  const g = autoencoderForward(paramTensors(p), constant(1, 3, Float64Array.of(0.2, 0.7, 0.45), "x"));
  backward(g.E);
  return g;
}

/** Node titles (the bold name) by DOT id, and edges as "parent → child" titles. */
function parseDot(dot: string): { titles: Map<string, string>; edges: string[] } {
  const titles = new Map<string, string>();
  for (const m of dot.matchAll(/^ {2}(t\d+) \[label=<.*?<B>(.*?)<\/B>/gm)) titles.set(m[1], m[2]);
  const edges = [...dot.matchAll(/^ {2}(t\d+) -> (t\d+);$/gm)].map((m) => `${titles.get(m[1])} → ${titles.get(m[2])}`);
  return { titles, edges };
}

// The derivation's dependencies, written down from I1 = W1ᵀx + B1, O1 = σ(I1), I2 = W2ᵀO1 + B2,
// O2 = σ(I2), E = Σ(x̂ − x)², with x̂ = O2 (samples as rows, so W1ᵀx is the row x·W1).
const EXPECTED_EDGES = [
  "x → x·W1",
  "W1 → x·W1",
  "x·W1 → I1",
  "B1 → I1",
  "I1 → O1",
  "O1 → O1·W2",
  "W2 → O1·W2",
  "O1·W2 → I2",
  "B2 → I2",
  "I2 → O2",
  "O2 → x̂ − x",
  "x → x̂ − x",
  "x̂ − x → (x̂ − x)²",
  "(x̂ − x)² → E",
];

test("the DOT graph has one node per tensor and an edge for every dependency of the derivation", () => {
  const g = sampleGraph();
  const { titles, edges } = parseDot(graphToDot(g.E));
  assert.equal(titles.size, 14, "x, W1, B1, W2, B2, x·W1, I1, O1, O1·W2, I2, O2, x̂ − x, (x̂ − x)², E");
  assert.equal(graphTensors(g.E).length, 14);
  assert.deepEqual([...edges].sort(), [...EXPECTED_EDGES].sort());
});

test("each node shows op, shape, value and (after backward) gradient; titles can be overridden", () => {
  const g = sampleGraph();
  const dot = graphToDot(g.E, new Map([[g.O2, "x̂"]]));
  const line = (title: string): string => dot.split("\n").find((l) => l.includes(`<B>${title}</B>`)) ?? "";
  assert.match(line("E"), /<B>E<\/B> = sum {2}1×1/);
  assert.match(line("E"), new RegExp(`value<BR/>${Number(g.E.data[0].toPrecision(3))}<`));
  assert.match(line("E"), /grad<BR\/>1</);
  assert.match(line("x̂"), /= sigmoid {2}1×3/, "the override replaced O2's title");
  assert.match(line("x"), /value<BR\/>0\.2 {2}0\.7 {2}0\.45/);
  assert.doesNotMatch(line("x"), /grad/, "the input needs no gradient");

  const a = param(1, 2, Float64Array.of(1, -2), "a<b");
  const before = graphToDot(sum(mul(a, a)));
  assert.doesNotMatch(before, /grad/, "no gradients before backward");
  assert.match(before, /<B>a&lt;b<\/B>/, "names are escaped");
  assert.match(before, /−2/, "negative numbers use the minus sign");
});

test("renderSvg lays the graph out with Graphviz into a self-contained SVG at most ~700 px wide", async () => {
  const svg = await renderSvg(graphToDot(sampleGraph().E));
  assert.ok(svg.startsWith("<svg "), "starts with the <svg> element (no XML prolog or DOCTYPE)");
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.doesNotMatch(svg, /<!DOCTYPE|<!--|href=|<image|url\(/, "no external references");
  assert.equal(svg.match(/class="node"/g)?.length, 14);
  assert.equal(svg.match(/class="edge"/g)?.length, 14);
  for (const name of ["W1", "B1", "I1", "O1", "W2", "B2", "I2", "O2", "E"]) {
    assert.match(svg, new RegExp(`>${name}</text>`), `${name} is drawn`);
  }
  const width = Number(/width="([\d.]+)pt"/.exec(svg)?.[1]);
  assert.ok(width > 100 && width <= 525, `width ${width}pt (525pt = 700px)`);
});
