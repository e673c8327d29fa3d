import { formatNumber } from "../format/number";
import { type CheckResult, type FactorResult } from "./check-backward";

/*
 * checkBackward's result in words: a table with one line per factor, the first wrong one marked, and a
 * verdict. Plain text, so the same lines read in a notebook, in nbgrader's feedback and in a terminal.
 */

/** One row of the table, as strings; the notebook view renders the same rows as HTML. */
export type CheckRow = {
  mark: string;
  factor: string;
  "the derivation has": string;
  shape: string;
  "returned shape": string;
  "rel. error vs derivation": string;
  "rel. error vs finite differences": string;
  note: string;
};

export function checkRows(r: CheckResult): CheckRow[] {
  return r.factors.map((f) => ({
    mark: f.ok ? "✓" : f.name === r.firstWrong ? "✗ first wrong" : "✗",
    factor: f.label,
    "the derivation has": f.equation,
    shape: f.shape,
    "returned shape": f.got,
    "rel. error vs derivation": relError(f.relErrorDerivation),
    "rel. error vs finite differences": relError(f.relErrorNumeric),
    note: f.problem ?? "",
  }));
}

function relError(v: number): string {
  if (Number.isNaN(v)) return "–";
  if (v === Infinity) return "–";
  return v === 0 ? "0" : formatNumber(v, 2);
}

/** The verdict: all factors right, or the first wrong one with its equation, its error and the likely slip. */
export function checkVerdict(r: CheckResult): string {
  const wrongCount = r.factors.filter((f) => !f.ok).length;
  const where = `${r.points} points (${r.sizes.join("; ")}; random weights and biases, and after a burn-in of training)`;
  if (r.ok) return `All ${r.factors.length} factors right, at ${where}.`;
  const lines: string[] = [];
  const first = r.factors.find((f) => f.name === r.firstWrong);
  if (first)
    lines.push(
      `First wrong factor: ${first.label} (${first.name}), which should be ${first.equation}: ${describe(first)}.`,
    );
  if (r.slip) lines.push(`Likely slip: ${r.slip}.`);
  else if (first) lines.push("No slip of the catalogue fits; compare this line with the derivation.");
  if (r.error) lines.push(r.error);
  lines.push(`${r.factors.length - wrongCount} of ${r.factors.length} factors right, at ${where}.`);
  return lines.join("\n");
}

function describe(f: FactorResult): string {
  if (f.problem && f.problem !== "wrong values") return f.problem;
  return `relative error ${relError(f.relErrorDerivation)} against the derivation`;
}

/** The table and the verdict as monospaced text. */
export function checkText(r: CheckResult): string {
  const rows = checkRows(r);
  const columns = [
    "mark",
    "factor",
    "the derivation has",
    "shape",
    "returned shape",
    "rel. error vs derivation",
    "rel. error vs finite differences",
    "note",
  ] as const;
  const width = (c: (typeof columns)[number]): number => Math.max(c.length, ...rows.map((row) => [...row[c]].length));
  const pad = (s: string, w: number): string => s + " ".repeat(Math.max(0, w - [...s].length));
  const line = (cells: Record<(typeof columns)[number], string>): string =>
    columns
      .map((c) => pad(cells[c], width(c)))
      .join("  ")
      .trimEnd();
  const header = Object.fromEntries(columns.map((c) => [c, c])) as Record<(typeof columns)[number], string>;
  return [line(header), ...rows.map(line), "", checkVerdict(r)].join("\n");
}
