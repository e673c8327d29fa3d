import assert from "node:assert/strict";
import { type Matrix, shape } from "../src/linalg/matrix";

/**
 * The one closeness check used by every test: shapes first, then each element with
 * |a − b| ≤ atol + rtol·max(|a|, |b|). A failure names the first differing index and both values.
 */
export function expectClose(
  actual: Matrix | ArrayLike<number> | number,
  expected: Matrix | ArrayLike<number> | number,
  { rtol = 1e-7, atol = 0, what = "value" }: { rtol?: number; atol?: number; what?: string } = {},
): void {
  const a = flat(actual);
  const e = flat(expected);
  if (a.shape !== e.shape) assert.fail(`${what}: shape ${a.shape} differs from expected ${e.shape}`);
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    const ok =
      Number.isNaN(x) && Number.isNaN(y) ? true : Math.abs(x - y) <= atol + rtol * Math.max(Math.abs(x), Math.abs(y));
    if (!ok) assert.fail(`${what}: element ${i} is ${x}, expected ${y} (rtol ${rtol}, atol ${atol})`);
  }
}

function flat(v: Matrix | ArrayLike<number> | number): { shape: string; values: ArrayLike<number> } {
  if (typeof v === "number") return { shape: "scalar", values: [v] };
  if ("rows" in v && "cols" in v && "data" in v) return { shape: shape(v), values: v.data };
  return { shape: `[${v.length}]`, values: v };
}

/** Central finite difference of a scalar function f at the i-th entry of `data` (restored afterwards). */
export function centralDifference(f: () => number, data: Float64Array, i: number, eps = 1e-5): number {
  const old = data[i];
  data[i] = old + eps;
  const up = f();
  data[i] = old - eps;
  const down = f();
  data[i] = old;
  return (up - down) / (2 * eps);
}

/** What `f` throws (undefined if it returns), for tests that inspect the error object itself. */
export function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** The same for an async `f`: what it rejects with (or throws), or undefined. */
export async function rejectionOf(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return undefined;
}
