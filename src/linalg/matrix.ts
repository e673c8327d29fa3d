/**
 * A dense row-major matrix over Float64Array: the only numeric type the core library needs.
 *
 * Column vectors (B1, B2, a sample x, I1 …) are matrices with one column, so every quantity of the
 * derivation prints and multiplies the same way. This is deliberately not a tensor library:
 * a handful of helpers, each a few lines, is all a 3-2-3 network asks for.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major: element (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  checkDims(rows, cols);
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromArray(rows: number, cols: number, values: ArrayLike<number>): Matrix {
  checkDims(rows, cols);
  if (values.length !== rows * cols) {
    throw new Error(`fromArray: ${values.length} values do not fill a ${rows}×${cols} matrix`);
  }
  return { rows, cols, data: Float64Array.from(values) };
}

/** A matrix from nested arrays, one inner array per row. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`fromRows: row ${i} has ${r.length} values, row 0 has ${cols}`);
  });
  return fromArray(rows.length, cols, rows.flat());
}

/** A column vector (k×1). */
export function column(values: ArrayLike<number>): Matrix {
  return fromArray(values.length, 1, values);
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

export function transpose(m: Matrix): Matrix {
  const t = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j];
  return t;
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`matmul: shapes ${shape(a)} and ${shape(b)} do not chain`);
  const c = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  }
  return c;
}

/**
 * A·Bᵀ without forming Bᵀ: c(i, j) = Σ_k a(i, k)·b(j, k). The gradient of a product's left factor,
 * dA = dC·Bᵀ. The sum runs over k in the same order as matmul(a, transpose(b)), so the two agree bit for bit.
 */
export function matmulABt(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new Error(`matmulABt: shapes ${shape(a)} and ${shape(b)}ᵀ do not chain`);
  const c = zeros(a.rows, b.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k] * b.data[j * b.cols + k];
      c.data[i * b.rows + j] = s;
    }
  }
  return c;
}

/**
 * Aᵀ·B without forming Aᵀ: c(i, j) = Σ_k a(k, i)·b(k, j). The gradient of a product's right factor,
 * dB = Aᵀ·dC. The sum runs over k in the same order as matmul(transpose(a), b), so the two agree bit for bit.
 */
export function matmulAtB(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows) throw new Error(`matmulAtB: shapes ${shape(a)}ᵀ and ${shape(b)} do not chain`);
  const c = zeros(a.cols, b.cols);
  for (let k = 0; k < a.rows; k++) {
    for (let i = 0; i < a.cols; i++) {
      const aki = a.data[k * a.cols + i];
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aki * b.data[k * b.cols + j];
    }
  }
  return c;
}

/**
 * Element-wise combination of two equally shaped matrices. Fine for one-off work; the arithmetic below
 * (add, sub, hadamard, scale) is written as plain loops because training runs it on every step, and
 * zip, once called with several functions, can no longer inline them: it pays a call and a boxed
 * number per element.
 */
export function zip(a: Matrix, b: Matrix, f: (x: number, y: number) => number, op = "zip"): Matrix {
  const c = sameShape(a, b, op);
  for (let i = 0; i < c.data.length; i++) c.data[i] = f(a.data[i], b.data[i]);
  return c;
}

export function map(a: Matrix, f: (x: number) => number): Matrix {
  const c = zeros(a.rows, a.cols);
  for (let i = 0; i < c.data.length; i++) c.data[i] = f(a.data[i]);
  return c;
}

/** A + B, element by element. `op` names the caller in the shape error. */
export function add(a: Matrix, b: Matrix, op = "add"): Matrix {
  const c = sameShape(a, b, op);
  for (let i = 0; i < c.data.length; i++) c.data[i] = a.data[i] + b.data[i];
  return c;
}

/** A − B, element by element. */
export function sub(a: Matrix, b: Matrix, op = "sub"): Matrix {
  const c = sameShape(a, b, op);
  for (let i = 0; i < c.data.length; i++) c.data[i] = a.data[i] - b.data[i];
  return c;
}

/** Hadamard (element-wise) product, written ⊙ in the derivation. */
export function hadamard(a: Matrix, b: Matrix, op = "hadamard"): Matrix {
  const c = sameShape(a, b, op);
  for (let i = 0; i < c.data.length; i++) c.data[i] = a.data[i] * b.data[i];
  return c;
}

/** s·A for a number s. */
export function scale(a: Matrix, s: number): Matrix {
  const c = zeros(a.rows, a.cols);
  for (let i = 0; i < c.data.length; i++) c.data[i] = a.data[i] * s;
  return c;
}

/** A + 1·r: the 1×c row r added to every row of A (a bias added to each sample of a batch). */
export function addRow(a: Matrix, r: Matrix): Matrix {
  if (r.rows !== 1 || r.cols !== a.cols) throw new Error(`addRow: ${shape(r)} is not a row as wide as ${shape(a)}`);
  const c = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) c.data[i * a.cols + j] = a.data[i * a.cols + j] + r.data[j];
  return c;
}

/** A rows×cols matrix with every element equal to `value`. */
export function full(rows: number, cols: number, value: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = value;
  return m;
}

/** The 1×c row of column sums: the rows of A added up. */
export function sumRows(a: Matrix): Matrix {
  const s = zeros(1, a.cols);
  for (let i = 0; i < a.data.length; i++) s.data[i % a.cols] += a.data[i];
  return s;
}

/** "3×2": the shape as the derivation writes it. */
export function shape(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/** A zero matrix shaped like a and b, or an error naming `op` if their shapes differ. */
function sameShape(a: Matrix, b: Matrix, op: string): Matrix {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`${op}: shapes ${shape(a)} and ${shape(b)} differ`);
  return zeros(a.rows, a.cols);
}

function checkDims(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`matrix: invalid shape ${rows}×${cols}`);
  }
}
