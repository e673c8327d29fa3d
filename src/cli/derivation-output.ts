import { type Matrix, shape, toRows } from "../linalg/matrix";
import { type BackwardPass } from "../model/backward";
import { FACTORS, FACTOR_NOTATION, type FactorName } from "../derivation/factors";
import { compactJson } from "../format/compact-json";

/** A quantity as the derivation writes it: its name in backward.ts (the JSON key), its symbol and formula. */
export type Quantity = { name: string; symbol: string; formula: string; value: Matrix };

/** The sections of the table, in the derivation's order; their keys are the JSON's. */
const SECTIONS = { forward: "Forward pass", error: "Error", factors: "Chain-rule factors", gradients: "Gradients" };
export type Derivation = Record<keyof typeof SECTIONS, Quantity[]>;

/**
 * The quantities of one backward pass: the sample and the forward pass, E (as a 1×1 matrix, so it prints
 * like the rest), then FACTORS in the derivation's order, the update rule's gradients ∂E/∂W and ∂E/∂B apart.
 */
export function derivation(bp: BackwardPass): Derivation {
  const f = bp.forward;
  const q = (name: string, symbol: string, formula: string, value: Matrix) => ({ name, symbol, formula, value });
  const factor = (name: FactorName): Quantity =>
    q(name, FACTOR_NOTATION[name].label, FACTOR_NOTATION[name].formula, bp[name]);
  const isGradient = (name: FactorName): boolean => /^dE_d[WB]/.test(name);
  return {
    forward: [
      q("x", "x", "the sample", f.x),
      q("I1", "I1", "W1ᵀx + B1", f.I1),
      q("O1", "O1", "σ(I1)", f.O1),
      q("I2", "I2", "W2ᵀO1 + B2", f.I2),
      q("O2", "O2 = x̂", "σ(I2)", f.O2),
    ],
    error: [q("E", "E", "Σ(x̂ − x)²", { rows: 1, cols: 1, data: Float64Array.of(bp.E) })],
    factors: FACTORS.filter((name) => !isGradient(name)).map(factor),
    gradients: FACTORS.filter(isGradient).map(factor),
  };
}

/** The table, for reading beside the derivation: column vectors on one line with ᵀ, matrices a row a line. */
export function derivationTable(d: Derivation): string {
  const head = ["quantity", "formula", "shape"];
  const rows = Object.values(d).flatMap((qs) => qs.map((q) => [q.symbol, q.formula, shape(q.value)]));
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => displayWidth(r[i]))));
  const pad = (c: string, i: number): string => c.padEnd(widths[i] + c.length - displayWidth(c)) + "  ";
  const lead = (cells: string[]): string => "  " + cells.map(pad).join("");
  const lines = [lead(head) + "value"];
  for (const [key, title] of Object.entries(SECTIONS)) {
    lines.push(title);
    for (const q of d[key as keyof Derivation]) {
      const [first, ...more] = formatValue(q.value);
      lines.push(lead([q.symbol, q.formula, shape(q.value)]) + first);
      for (const m of more) lines.push(lead(["", "", ""]) + m);
    }
  }
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}

/** JSON in full precision, for scripts and tests: column vectors as flat arrays, other matrices as rows. */
export function derivationJson(d: Derivation): string {
  const byName = (qs: Quantity[]): Record<string, object> =>
    Object.fromEntries(
      qs.map(({ name, symbol, formula, value: m }) => [
        name,
        { symbol, formula, shape: [m.rows, m.cols], value: m.cols === 1 ? Array.from(m.data) : toRows(m) },
      ]),
    );
  const [x, ...forward] = d.forward;
  const out = {
    x: Array.from(x.value.data),
    E: d.error[0].value.data[0],
    forward: byName(forward),
    factors: byName(d.factors),
    gradients: byName(d.gradients),
  };
  return compactJson(out) + "\n";
}

function formatValue(m: Matrix): string[] {
  // Six significant digits, as short as they go (0.25 rather than 0.250000), right-aligned within the matrix.
  const texts = Array.from(m.data, (v) => String(Number(v.toPrecision(6))));
  const width = Math.max(...texts.map((t) => t.length));
  const cells = texts.map((t) => t.padStart(width));
  const row = (i: number, count: number): string => cells.slice(i, i + count).join("  ");
  if (m.rows === 1 && m.cols === 1) return [texts[0]];
  if (m.cols === 1) return [`[ ${row(0, m.rows)} ]ᵀ`];
  return Array.from({ length: m.rows }, (_, i) => `[ ${row(i * m.cols, m.cols)} ]`);
}

/** Width on a terminal: combining marks (the hat of x̂) take no column. */
function displayWidth(s: string): number {
  return [...s.replace(/\p{M}/gu, "")].length;
}
