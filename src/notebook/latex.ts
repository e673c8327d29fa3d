import { type Matrix } from "../linalg/matrix";

/** A matrix as a LaTeX bmatrix with `digits` significant digits, for equations printed with computed values. */
export function matrixLatex(m: Matrix, digits = 4): string {
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < m.cols; j++) cells.push(numberLatex(m.data[i * m.cols + j], digits));
    rows.push(cells.join(" & "));
  }
  return String.raw`\begin{bmatrix} ${rows.join(String.raw` \\ `)} \end{bmatrix}`;
}

/** A number for LaTeX: fixed or scientific notation (as a × 10^k), trailing zeros kept for alignment. */
export function numberLatex(v: number, digits = 4): string {
  if (!Number.isFinite(v))
    return Number.isNaN(v) ? String.raw`\mathrm{NaN}` : v > 0 ? String.raw`\infty` : String.raw`-\infty`;
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return v.toPrecision(digits);
  const [mant, exp] = v.toExponential(digits - 1).split("e");
  return String.raw`${mant} \times 10^{${Number(exp)}}`;
}
