import { shape } from "../linalg/matrix";
import { type Tensor } from "../autograd/tensor";
// Graphviz's HTML-like labels are XML: &, <, > and " are the characters to escape, as in HTML.
import { escapeHtml } from "../format/escape";

/**
 * The recorded graph behind `root` in Graphviz's DOT language: one node per tensor (its name, op, shape,
 * value and, after backward, gradient) and one edge from each tensor to every op result made from it.
 * Graph drawing is a presentation concern, so it lives here and not in the engine, which keeps only
 * the op label and an optional name per tensor.
 *
 * `labels` overrides the titles of particular tensors; otherwise a node is titled by the tensor's name,
 * or by its op when it has none. The layout runs top to bottom (inputs at the top, the loss at the
 * bottom) and is limited to about 700 px wide when rendered.
 */
export function graphToDot(root: Tensor, labels?: ReadonlyMap<Tensor, string>): string {
  const tensors = graphTensors(root);
  const id = new Map(tensors.map((t, i) => [t, `t${i}`]));
  const lines = [
    "digraph G {",
    '  graph [rankdir=TB, size="7.25,40", nodesep=0.2, ranksep=0.25, fontname="Helvetica"];',
    '  node [shape=plaintext, fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555", arrowsize=0.7];',
  ];
  for (const t of tensors) lines.push(`  ${id.get(t)} [label=<${nodeLabel(t, labels?.get(t))}>];`);
  for (const t of tensors) for (const p of t.parents) lines.push(`  ${id.get(p)} -> ${id.get(t)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Every tensor `root` was computed from (constants included), each after its parents, root last. */
export function graphTensors(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const visit = (t: Tensor): void => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of t.parents) visit(p);
    order.push(t);
  };
  visit(root); // graphs here are a dozen tensors deep, so recursion is fine
  return order;
}

/** Colours by role: inputs and targets, parameters, op results. */
const FILL = { input: "#e8eef7", param: "#fdf0d5", result: "#ffffff" };

/** An HTML-like Graphviz label: a title row, then the value and (after backward) the gradient side by side. */
function nodeLabel(t: Tensor, title?: string): string {
  const name = escapeHtml(title ?? (t.name || t.op));
  const kind = t.op === "leaf" ? (t.requiresGrad ? "param" : "input") : "result";
  const head =
    t.op === "leaf" || name === t.op ? `<B>${name}</B>  ${shape(t)}` : `<B>${name}</B> = ${t.op}  ${shape(t)}`;
  const value = `<TD ALIGN="LEFT" BALIGN="LEFT">value<BR/>${formatMatrix(t.data, t.rows, t.cols)}</TD>`;
  const grad =
    t.grad === null
      ? ""
      : `<TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="${GRAD_COLOUR}">grad<BR/>${formatMatrix(t.grad.data, t.rows, t.cols)}</FONT></TD>`;
  const span = t.grad === null ? 1 : 2;
  return (
    `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">` +
    `<TR><TD COLSPAN="${span}" BGCOLOR="${FILL[kind]}">${head}</TD></TR><TR>${value}${grad}</TR></TABLE>`
  );
}

const GRAD_COLOUR = "#a33b20";

/**
 * A matrix one row per line, 3 significant digits, at most 4 rows of 4 numbers (then "…"), so that a
 * node stays small whatever the batch size.
 */
function formatMatrix(data: Float64Array, rows: number, cols: number): string {
  const number = (v: number): string => Number(v.toPrecision(3)).toString().replace("-", "−");
  const lines: string[] = [];
  for (let i = 0; i < Math.min(rows, 4); i++) {
    const shown = Array.from(data.subarray(i * cols, i * cols + Math.min(cols, 4)), number);
    lines.push(shown.join("  ") + (cols > 4 ? "  …" : ""));
  }
  if (rows > 4) lines.push("…");
  return lines.map(escapeHtml).join("<BR/>");
}
