import { type Matrix, shape, toRows } from "../linalg/matrix";
import { type Params } from "../model/params";

/*
 * The checker's boundary with a student's code: what the student's function is given and how what it
 * returns is read. Students write plain nested arrays (rows of numbers), the form the assignment prints;
 * the library's matrices are accepted too, for those who use its helpers.
 */

/** A matrix as rows of numbers: [[1, 2], [3, 4]] is 2×2, a column is [[1], [2], [3]]. */
export type NestedMatrix = number[][];

/** The weights as the student's function receives them: W1 n×h, B1 h×1, W2 h×n, B2 n×1. */
export interface NestedParams {
  W1: NestedMatrix;
  B1: NestedMatrix;
  W2: NestedMatrix;
  B2: NestedMatrix;
}

export function nestedParams(p: Params): NestedParams {
  return { W1: toRows(p.W1), B1: toRows(p.B1), W2: toRows(p.W2), B2: toRows(p.B2) };
}

/** A value read from the student: a matrix, or why it is not one (shown in the table as its "shape"). */
export type StudentValue = { ok: true; m: Matrix } | { ok: false; shape: string; why: string };

/** Reads nested arrays of numbers, or a library Matrix, as a Matrix; anything else is named for what it is. */
export function readStudentValue(v: unknown): StudentValue {
  if (v === undefined || v === null) return { ok: false, shape: "missing", why: "not returned" };
  if (isMatrix(v)) return { ok: true, m: { rows: v.rows, cols: v.cols, data: Float64Array.from(v.data) } };
  if (typeof v === "number")
    return { ok: false, shape: "a number", why: "a number, not a matrix (write [[v]] for 1×1)" };
  if (!Array.isArray(v)) return { ok: false, shape: typeof v, why: `a ${typeof v}, not a matrix` };
  if (v.length === 0) return { ok: false, shape: "0×0", why: "an empty array" };
  if (v.every((e) => typeof e === "number"))
    return {
      ok: false,
      shape: `flat ${v.length}`,
      why: `a flat array of ${v.length} numbers; a column is written [[a], [b], …]`,
    };
  if (!v.every((r) => Array.isArray(r)))
    return { ok: false, shape: "mixed", why: "an array that mixes numbers and rows" };
  const rows = v as unknown[][];
  const cols = rows[0].length;
  if (rows.some((r) => r.length !== cols))
    return { ok: false, shape: "ragged", why: `rows of different lengths (${rows.map((r) => r.length).join(", ")})` };
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < cols; j++) {
      const e = rows[i][j];
      if (typeof e !== "number")
        return { ok: false, shape: `${rows.length}×${cols}`, why: `entry [${i}][${j}] is not a number` };
      data[i * cols + j] = e;
    }
  return { ok: true, m: { rows: rows.length, cols, data } };
}

function isMatrix(v: unknown): v is Matrix {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Partial<Matrix>;
  return typeof m.rows === "number" && typeof m.cols === "number" && m.data instanceof Float64Array;
}

/**
 * CS231n's relative error, max over the entries of |a − b| / max(1e-8, |a| + |b|): scale-free, so a
 * gradient of 10⁻³ and one of 10 are judged alike, and the floor keeps two zeros from dividing by zero.
 */
export function relativeError(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols)
    throw new Error(`relativeError: shapes ${shape(a)} and ${shape(b)} differ`);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]) / Math.max(1e-8, Math.abs(a.data[i]) + Math.abs(b.data[i]));
    // NaN compares false with everything, so it is carried explicitly: a NaN entry is as wrong as can be.
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}
