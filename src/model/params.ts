import { type Matrix, zeros, clone, fromRows, toRows, shape } from "../linalg/matrix";
import { Rng } from "../random/prng";

/**
 * The autoencoder's parameters, named and shaped as in the derivation:
 *   W1  n×h  (rows = inputs)   B1  h×1
 *   W2  h×n  (the assignment's W*)   B2  n×1
 * so that I1 = W1ᵀx + B1 and I2 = W2ᵀO1 + B2.
 */
export interface Params {
  W1: Matrix;
  B1: Matrix;
  W2: Matrix;
  B2: Matrix;
}

/** Weights as JSON: matrices as nested arrays (W1 has n rows), biases as flat arrays. */
export interface ParamsJson {
  W1: number[][];
  B1: number[];
  W2: number[][];
  B2: number[];
}

export type InitScheme = "xavier" | "uniform" | "normal";
export const INIT_SCHEMES: readonly InitScheme[] = ["xavier", "uniform", "normal"];

export interface InitOptions {
  /**
   * - "xavier" (default): Glorot-uniform, U(−r, r) with r = √(6 / (fan_in + fan_out)); keeps a sigmoid
   *   layer's pre-activations near 0 where σ' is largest, whatever n and h are.
   * - "uniform": U(−scale, scale), scale 1 by default.
   * - "normal": N(0, scale²), scale 1 by default.
   * Biases start at 0 in every scheme.
   */
  scheme?: InitScheme;
  scale?: number;
}

export function initParams(n: number, h: number, rng: Rng, options: InitOptions = {}): Params {
  if (!Number.isInteger(n) || n < 1) throw new Error(`initParams: input size must be a positive integer, got ${n}`);
  if (!Number.isInteger(h) || h < 1) throw new Error(`initParams: hidden size must be a positive integer, got ${h}`);
  const scheme = options.scheme ?? "xavier";
  const scale = options.scale ?? 1;
  const draw = (fanIn: number, fanOut: number): number => {
    switch (scheme) {
      case "xavier": {
        const r = Math.sqrt(6 / (fanIn + fanOut));
        return rng.range(-r, r);
      }
      case "uniform":
        return rng.range(-scale, scale);
      case "normal":
        return scale * rng.normal();
    }
  };
  const W1 = zeros(n, h);
  const W2 = zeros(h, n);
  for (let i = 0; i < W1.data.length; i++) W1.data[i] = draw(n, h);
  for (let i = 0; i < W2.data.length; i++) W2.data[i] = draw(h, n);
  return { W1, B1: zeros(h, 1), W2, B2: zeros(n, 1) };
}

export function cloneParams(p: Params): Params {
  return { W1: clone(p.W1), B1: clone(p.B1), W2: clone(p.W2), B2: clone(p.B2) };
}

/** Input size n and hidden size h, after checking that the four shapes agree with each other. */
export function paramSizes(p: Params): { n: number; h: number } {
  const n = p.W1.rows;
  const h = p.W1.cols;
  const expect = (name: string, m: Matrix, rows: number, cols: number): void => {
    if (m.rows !== rows || m.cols !== cols) {
      throw new Error(`${name} is ${shape(m)} but W1 is ${shape(p.W1)}, so ${name} must be ${rows}×${cols}`);
    }
  };
  expect("B1", p.B1, h, 1);
  expect("W2", p.W2, h, n);
  expect("B2", p.B2, n, 1);
  return { n, h };
}

export function paramsToJson(p: Params): ParamsJson {
  return { W1: toRows(p.W1), B1: Array.from(p.B1.data), W2: toRows(p.W2), B2: Array.from(p.B2.data) };
}

/**
 * Parses weights in the ParamsJson form, checking every entry; errors name the offending field
 * (for example "W2[1][0] is not a finite number").
 */
export function paramsFromJson(value: unknown): Params {
  if (typeof value !== "object" || value === null) throw new Error("weights must be an object with W1, B1, W2, B2");
  const obj = value as Record<string, unknown>;
  const matrixField = (name: string): Matrix => {
    const rows = obj[name];
    if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${name} must be a non-empty array of rows`);
    const out: number[][] = rows.map((row: unknown, i) => {
      if (!Array.isArray(row)) throw new Error(`${name}[${i}] must be an array of numbers`);
      return row.map((v: unknown, j) => finite(v, `${name}[${i}][${j}]`));
    });
    const cols = out[0].length;
    out.forEach((r, i) => {
      if (r.length !== cols) throw new Error(`${name}[${i}] has ${r.length} values, ${name}[0] has ${cols}`);
    });
    return fromRows(out);
  };
  const vectorField = (name: string): Matrix => {
    const v = obj[name];
    if (!Array.isArray(v) || v.length === 0) throw new Error(`${name} must be a non-empty array of numbers`);
    const values = v.map((x: unknown, i) => finite(x, `${name}[${i}]`));
    return { rows: values.length, cols: 1, data: Float64Array.from(values) };
  };
  const p: Params = { W1: matrixField("W1"), B1: vectorField("B1"), W2: matrixField("W2"), B2: vectorField("B2") };
  paramSizes(p);
  return p;
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where} is not a finite number`);
  return v;
}
