import { type Matrix } from "../linalg/matrix";

/**
 * A numeric matrix as CSV text: a header line, then one line per row, `digits` decimals (toFixed is exact,
 * so the same numbers always give the same bytes), "\n" line ends.
 */
export function matrixToCsv(columns: readonly string[], X: Matrix, digits = 6): string {
  if (columns.length !== X.cols) throw new Error(`matrixToCsv: ${columns.length} column names for ${X.cols} columns`);
  const lines = [columns.join(",")];
  for (let r = 0; r < X.rows; r++) {
    lines.push(Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols), (v) => v.toFixed(digits)).join(","));
  }
  return lines.join("\n") + "\n";
}
