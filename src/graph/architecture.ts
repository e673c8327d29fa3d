/**
 * The n-h-n autoencoder as a layered DOT graph: inputs x_i, hidden units (I1 → O1 = σ(I1)), outputs
 * (I2 → O2 = x̂ = σ(I2)), every weight an edge labelled with its place in W1 or W2 and each bias a node
 * feeding its layer. Drawn by renderSvg like the computational graph, so nothing is placed by hand.
 *
 * Each layer is one rank whose nodes are chained top to bottom by invisible edges (title, units in index
 * order, then the bias that feeds the next layer). Graphviz keeps such a chain in order, so x1 stays above
 * x2 and x̂1 above x̂2 for any n-h-n. Clusters are not used: a cluster lets the crossing minimiser reorder
 * the units inside it, and its title sits on the box's border where edges to the top unit run through it.
 */
export function architectureDot(n = 3, h = 2): string {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(h) || h < 1) {
    throw new Error(`architectureDot: sizes must be positive integers, got ${n}-${h}-${n}`);
  }
  const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i + 1);
  const small = n * h <= 12; // label every weight only while the picture stays readable
  const inputs = range(n).map((i) => `x${i}`);
  const hidden = range(h).map((j) => `h${j}`);
  const outputs = range(n).map((k) => `y${k}`);
  /** One layer: its title above its units, top to bottom, then (optionally) a bias box under them. */
  const layer = (title: string, units: string[], bias?: string): string =>
    `  { rank=same; ${[title, ...units, ...(bias ? [bias] : [])].join(" -> ")} [style=invis]; }`;
  const lines = [
    "digraph autoencoder {",
    '  graph [rankdir=LR, nodesep=0.35, ranksep=1.1, fontname="Helvetica", size="7.25,6"];',
    '  node [shape=circle, fontname="Helvetica", fontsize=12, width=0.55, fixedsize=true];',
    '  edge [color="#777777", arrowsize=0.6, fontname="Helvetica", fontsize=9];',
    `  t_in [shape=plaintext, fixedsize=false, fontsize=11, label="input x\\nn = ${n}"];`,
    `  t_hidden [shape=plaintext, fixedsize=false, fontsize=11, label="hidden O1 = σ(I1)\\nh = ${h}"];`,
    `  t_out [shape=plaintext, fixedsize=false, fontsize=11, label="output O2 = x̂\\nn = ${n}"];`,
    ...range(n).map((i) => `  x${i} [label=<x<SUB>${i}</SUB>>, style=filled, fillcolor="#e8eef7"];`),
    ...range(h).map((j) => `  h${j} [label=<o<SUB>${j}</SUB>>, style=filled, fillcolor="#fdf0d5"];`),
    ...range(n).map((k) => `  y${k} [label=<x̂<SUB>${k}</SUB>>, style=filled, fillcolor="#e3f1e3"];`),
    '  b1 [label="B1", shape=box, width=0.4, height=0.3, fontsize=10];',
    '  b2 [label="B2", shape=box, width=0.4, height=0.3, fontsize=10];',
    layer("t_in", inputs, "b1"),
    layer("t_hidden", hidden, "b2"),
    layer("t_out", outputs),
    // The titles' own chain keeps them in adjacent ranks even when a layer has a single unit.
    "  t_in -> t_hidden -> t_out [style=invis];",
  ];
  for (const i of range(n)) {
    for (const j of range(h)) lines.push(`  x${i} -> h${j}${small ? ` [label=<w<SUB>${i}${j}</SUB>>]` : ""};`);
  }
  for (const j of range(h)) {
    for (const k of range(n)) lines.push(`  h${j} -> y${k}${small ? ` [label=<w*<SUB>${j}${k}</SUB>>]` : ""};`);
  }
  for (const j of range(h)) lines.push(`  b1 -> h${j} [style=dashed];`);
  for (const k of range(n)) lines.push(`  b2 -> y${k} [style=dashed];`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
