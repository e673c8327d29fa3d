import { type Matrix, shape, toRows } from "../linalg/matrix";
import { compactJson } from "./compact-json";
import { type DerivationQuantities, type Quantity } from "./derivation-quantities";

/**
 * The gradients command's two outputs. The table is for reading beside the derivation: column vectors
 * on one line with ᵀ, matrices one row per line, 6 significant digits with the decimal points of one
 * matrix lined up. The JSON keeps full precision, for scripts and tests.
 */
export function derivationTable(dq: DerivationQuantities): string {
  const sections: [string, Quantity[]][] = [
    ["Forward pass", dq.forward],
    ["Error", [dq.error]],
    ["Chain-rule factors", dq.factors],
    ["Gradients", dq.gradients],
  ];
  const all = sections.flatMap(([, qs]) => qs);
  const symbolWidth = Math.max("quantity".length, ...all.map((q) => displayWidth(q.symbol)));
  const formulaWidth = Math.max("formula".length, ...all.map((q) => displayWidth(q.formula)));
  const shapeWidth = Math.max("shape".length, ...all.map((q) => displayWidth(shape(q.value))));
  const indent = "  ";
  const lead = (symbol: string, formula: string, shapeText: string): string =>
    indent + pad(symbol, symbolWidth) + "  " + pad(formula, formulaWidth) + "  " + pad(shapeText, shapeWidth) + "  ";
  const blank = " ".repeat(displayWidth(lead("", "", "")));
  const lines: string[] = [lead("quantity", "formula", "shape") + "value"];
  for (const [title, qs] of sections) {
    lines.push(title);
    for (const q of qs) {
      const valueLines = formatValue(q.value);
      lines.push(lead(q.symbol, q.formula, shape(q.value)) + valueLines[0]);
      for (const more of valueLines.slice(1)) lines.push(blank + more);
    }
  }
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}

/** JSON: column vectors as flat arrays, other matrices as nested rows, each with its symbol, formula and shape. */
export function derivationJson(dq: DerivationQuantities): string {
  const entry = (q: Quantity): object => ({
    symbol: q.symbol,
    formula: q.formula,
    shape: [q.value.rows, q.value.cols],
    value: q.value.cols === 1 ? Array.from(q.value.data) : toRows(q.value),
  });
  const byName = (qs: Quantity[]): Record<string, object> => Object.fromEntries(qs.map((q) => [q.name, entry(q)]));
  const out = {
    x: Array.from(dq.forward[0].value.data),
    E: dq.error.value.data[0],
    forward: byName(dq.forward.slice(1)),
    factors: byName(dq.factors),
    gradients: byName(dq.gradients),
  };
  return compactJson(out) + "\n";
}

function formatValue(m: Matrix): string[] {
  const cells = alignDecimalPoints(Array.from(m.data, formatNumber));
  const row = (i: number, count: number): string => cells.slice(i, i + count).join("  ");
  if (m.rows === 1 && m.cols === 1) return [cells[0].trim()];
  if (m.cols === 1) return [`[ ${row(0, m.rows)} ]ᵀ`];
  return Array.from({ length: m.rows }, (_, i) => `[ ${row(i * m.cols, m.cols)} ]`);
}

/** Six significant digits without trailing zeros; exponent form only for very small or very large magnitudes. */
function formatNumber(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(5);
  return v
    .toPrecision(6)
    .replace(/(\.\d*?)0+$/, "$1")
    .replace(/\.$/, "");
}

/** Pads numbers so that their decimal points line up in one column. */
function alignDecimalPoints(cells: string[]): string[] {
  const split = cells.map((c) => {
    const dot = c.includes("e") ? -1 : c.indexOf(".");
    return dot < 0 ? [c, ""] : [c.slice(0, dot), c.slice(dot)];
  });
  const left = Math.max(...split.map(([l]) => l.length));
  const right = Math.max(...split.map(([, r]) => r.length));
  return split.map(([l, r]) => l.padStart(left) + r.padEnd(right));
}

/** Width on a terminal: combining marks (the hat of x̂) take no column. */
function displayWidth(s: string): number {
  return [...s.replace(/\p{M}/gu, "")].length;
}

function pad(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}
