import { type Matrix, column, fromRows, shape, toRows, transpose } from "../linalg/matrix";
import { Rng } from "../random/prng";
import { type Params, initParams } from "../model/params";
import { backpropSample } from "../model/backward";
import { batchGradients } from "../model/batch-gradients";
import { sgdUpdate } from "../model/update";
import { type Gradients } from "../model/gradients";
import { type FactorSlip, type StepSlip, SLIPS, factorSlips, slippedBackward } from "../model/slips";
import { forward } from "../model/forward";
import { FACTORS, FACTOR_NOTATION, type FactorName, finiteDifferenceFactors } from "./factors";
import {
  type NestedMatrix,
  type NestedParams,
  type StudentValue,
  nestedParams,
  readStudentValue,
  relativeError,
} from "./student-values";

/*
 * checkBackward: a student's backward pass, factor by factor, against the derivation (backward.ts) and
 * against central differences, at several points; the first wrong factor in chain order, and the slip of
 * the catalogue (model/slips.ts) whose value it has. CS231n's gradient check compares only the final
 * gradients; comparing every factor says where the chain broke, and the catalogue says how.
 */

/** What the student's function returns: every factor of the derivation; ∂E/∂I2 may be left out. */
export type StudentFactors = Partial<Record<FactorName, unknown>>;
/** studentBackward(x, { W1, B1, W2, B2 }): x an n×1 column, the weights as in notebook 01. */
export type StudentBackward = (x: NestedMatrix, p: NestedParams) => StudentFactors;
/** One gradient-descent step on a batch X (B×n, one sample per row) with learning rate lr: the new weights. */
export type StudentStep = (
  X: NestedMatrix,
  p: NestedParams,
  lr: number,
) => Partial<Record<keyof NestedParams, unknown>>;

export interface CheckOptions {
  /** The student's network sizes (default the assignment's 3-2-3). A square n = h network is always checked too. */
  n?: number;
  h?: number;
  /** Random points per size, besides the one after a burn-in of training (default 3). */
  points?: number;
  seed?: number;
  /** Checks the update step too, including how a batch's gradients are combined. */
  studentStep?: StudentStep;
}

export type CheckedName = FactorName | "step";

export interface FactorResult {
  name: CheckedName;
  /** ∂E/∂O2, α, … as notebook 01 writes them. */
  label: string;
  /** What the derivation has, in words. */
  equation: string;
  /** The shape the derivation has at the student's sizes, and the shape the student's value had. */
  shape: string;
  got: string;
  /** CS231n's relative error against the derivation and against central differences, worst over the points. */
  relErrorDerivation: number;
  relErrorNumeric: number;
  ok: boolean;
  /** Why it is wrong, in a few words (null when right). */
  problem: string | null;
}

export interface CheckResult {
  ok: boolean;
  /** The first wrong factor in chain order (its name in the interface, e.g. "dO2_dI2"), or null. */
  firstWrong: CheckedName | null;
  /** The likely slip in words, or null when none of the catalogue (nor a plain transpose, sign or scale) fits. */
  slip: string | null;
  /** The slip's id in the catalogue (model/slips.ts), or "transposed", "scaled" for the plain ones. */
  slipId: string | null;
  factors: FactorResult[];
  /** The student's function threw (at every point, or at some sizes): the first message and where. */
  error: string | null;
  /** The points evaluated, and the sizes they covered. */
  points: number;
  sizes: string[];
}

/** A factor agrees with the derivation when only rounding separates them. */
export const RIGHT_TOLERANCE = 1e-6;

interface Point {
  p: Params;
  x: number[];
  sizes: string;
}

/** Random weights with non-zero biases, a random sample in [0,1]^n, and one point after a burn-in of training. */
function evaluationPoints(n: number, h: number, count: number, rng: Rng): Point[] {
  const sizes = `n = ${n}, h = ${h}`;
  const random = (): Params => {
    // Xavier weights doubled: far enough from zero that no factor is small by accident.
    const p = initParams(n, h, rng, { scheme: "uniform", scale: 1.5 });
    for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
    return p;
  };
  const sample = (): number[] => Array.from({ length: n }, () => rng.uniform());
  const out: Point[] = Array.from({ length: count }, () => ({ p: random(), x: sample(), sizes }));
  // CS231n: check after a burn-in too, not only at initialisation, where errors can hide in small gradients.
  const data = Array.from({ length: 8 }, sample);
  let p = random();
  for (let step = 0; step < 200; step++) p = sgdUpdate(p, backpropSample(p, data[step % data.length]), 0.5);
  out.push({ p, x: data[0], sizes: `${sizes}, after 200 steps of training` });
  return out;
}

interface Diagnosis {
  id: string;
  title: string;
}

interface Observation {
  point: Point;
  value: StudentValue;
  derivation: Matrix;
}

export function checkBackward(studentBackward: StudentBackward, options: CheckOptions = {}): CheckResult {
  if (typeof studentBackward !== "function")
    throw new Error("checkBackward: pass your backward function itself, studentBackward(x, { W1, B1, W2, B2 })");
  const n = options.n ?? 3;
  const h = options.h ?? 2;
  const rng = new Rng(options.seed ?? 2024);
  const count = options.points ?? 3;
  for (const [name, v, min] of [
    ["n", n, 1],
    ["h", h, 1],
    ["points", count, 0],
  ] as const)
    if (!Number.isInteger(v) || v < min)
      throw new Error(`checkBackward: ${name} must be an integer ≥ ${min}, got ${v}`);
  // The student's sizes, then a square network, where a missing transpose keeps every shape and changes the values.
  const sizes =
    n === h
      ? [[n, h]]
      : [
          [n, h],
          [n, n],
        ];
  const points = sizes.flatMap(([a, b]) => evaluationPoints(a, b, count, rng));

  const seen = new Map<FactorName, Observation[]>();
  const numeric = new Map<FactorName, number>();
  const derivationError = new Map<FactorName, number>();
  const errors: string[] = [];
  let ran = 0;
  let optionalSeen = false;
  for (const point of points) {
    const ref = backpropSample(point.p, point.x);
    const fd = finiteDifferenceFactors(point.p, point.x);
    let out: StudentFactors;
    try {
      out = studentBackward(toRows(column(point.x)), nestedParams(point.p));
      if (typeof out !== "object" || out === null)
        throw new Error(`it returned ${String(out)}, not an object of factors`);
    } catch (e) {
      errors.push(`studentBackward threw at ${point.sizes}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    ran += 1;
    if (out.dE_dI2 !== undefined) optionalSeen = true;
    for (const f of FACTORS) {
      const value = readStudentValue(out[f]);
      const list = seen.get(f) ?? [];
      list.push({ point, value, derivation: ref[f] });
      seen.set(f, list);
      if (value.ok && shape(value.m) === shape(ref[f])) {
        derivationError.set(f, Math.max(derivationError.get(f) ?? 0, relativeError(value.m, ref[f])));
        numeric.set(f, Math.max(numeric.get(f) ?? 0, relativeError(value.m, fd[f])));
      }
    }
  }

  const checked = FACTORS.filter((f) => f !== "dE_dI2" || optionalSeen);
  const factors: FactorResult[] = checked.map((f) =>
    judge(f, seen.get(f) ?? [], derivationError.get(f), numeric.get(f), n, h),
  );
  const step = options.studentStep ? judgeStep(options.studentStep, studentBackward, n, h, rng) : null;
  if (step) factors.push(step.result);

  const first = ran === 0 ? undefined : factors.find((r) => !r.ok);
  const diagnosis =
    first === undefined
      ? null
      : first.name === "step"
        ? (step?.slip ?? null)
        : diagnose(first.name, seen.get(first.name) ?? []);
  if (ran === 0)
    for (const r of factors)
      if (r.name !== "step")
        Object.assign(r, { ok: false, got: "threw", problem: "not evaluated: the function threw" });
  return {
    ok: errors.length === 0 && factors.every((r) => r.ok),
    firstWrong: first?.name ?? null,
    slip: diagnosis?.title ?? null,
    slipId: diagnosis?.id ?? null,
    factors,
    error: errors[0] ?? null,
    points: points.length,
    sizes: sizes.map(([a, b]) => `n = ${a}, h = ${b}`),
  };
}

/** The shape a factor has at sizes n, h (the derivation's, computed rather than listed). */
function expectedShape(f: FactorName, n: number, h: number): string {
  const p = initParams(n, h, new Rng(1));
  return shape(backpropSample(p, new Array<number>(n).fill(0.5))[f]);
}

function judge(
  f: FactorName,
  obs: Observation[],
  relDerivation: number | undefined,
  relNumeric: number | undefined,
  n: number,
  h: number,
): FactorResult {
  // Shapes are shown at the student's sizes, or at the square network's when the function only ran there.
  const shown = obs.find((o) => o.point.p.W1.cols === h) ?? obs[0];
  const want = shown ? shape(shown.derivation) : expectedShape(f, n, h);
  const got = shown === undefined ? "–" : shown.value.ok ? shape(shown.value.m) : shown.value.shape;
  const base = {
    name: f,
    label: FACTOR_NOTATION[f].label,
    equation: FACTOR_NOTATION[f].formula,
    shape: want,
    got,
    relErrorDerivation: relDerivation ?? Infinity,
    relErrorNumeric: relNumeric ?? Infinity,
  };
  const unreadable = obs.find((o) => !o.value.ok);
  if (unreadable && !unreadable.value.ok)
    return { ...base, ok: false, problem: `not a matrix: ${unreadable.value.why}` };
  const misshapen = obs.find((o) => o.value.ok && shape(o.value.m) !== shape(o.derivation));
  if (misshapen && misshapen.value.ok)
    return {
      ...base,
      ok: false,
      problem: `wrong shape: ${shape(misshapen.value.m)} where ${shape(misshapen.derivation)} belongs (${misshapen.point.sizes})`,
    };
  const ok = obs.length > 0 && (relDerivation ?? Infinity) <= RIGHT_TOLERANCE;
  return { ...base, ok, problem: ok ? null : obs.length === 0 ? "not evaluated" : "wrong values" };
}

/** The value a factor slip gives at a point, when the earlier factors are right (as they are before the first wrong one). */
function slipValue(slip: FactorSlip, point: Point): Matrix | null {
  const chain = slippedBackward(point.p, point.x, slip);
  if (chain) return chain[slip.factor];
  // Not expressible down the whole chain at these sizes (a transpose when n ≠ h): the slipped line itself still is.
  const reference = slippedBackward(point.p, point.x, null)!;
  try {
    return slip.line({ ...forward(point.p, point.x), p: point.p, factors: reference });
  } catch {
    return null;
  }
}

function same(a: Matrix, b: Matrix): boolean {
  return shape(a) === shape(b) && relativeError(a, b) <= RIGHT_TOLERANCE;
}

/**
 * The likely slip behind the first wrong factor: a slip of the catalogue written on that line whose value (or,
 * when it changes the shape, whose shape and value) the student's has at every point; failing that, the
 * derivation's value transposed or scaled by one number, which covers a missing transpose, a bias shaped as a
 * row, a flipped sign and a dropped or extra factor.
 */
function diagnose(f: FactorName, obs: Observation[]): Diagnosis | null {
  const label = FACTOR_NOTATION[f].label;
  const values = obs.filter((o): o is Observation & { value: { ok: true; m: Matrix } } => o.value.ok);
  if (values.length === 0) return null;
  for (const slip of factorSlips().filter((s) => s.factor === f)) {
    const compared = values.map((o) => slipValue(slip, o.point)).map((v, i) => (v ? same(values[i].value.m, v) : null));
    if (compared.some((c) => c !== null) && compared.every((c) => c !== false))
      return { id: slip.id, title: `${slip.title} (wrote ${slip.wrote}; the derivation has ${slip.right})` };
  }
  if (values.every((o) => same(o.value.m, transpose(o.derivation)))) {
    const what =
      f === "dE_dB1" || f === "dE_dB2"
        ? "the bias gradient is shaped as a row, not a column"
        : "a missing or extra transpose";
    return { id: "transposed", title: `${what}: this is (${label})ᵀ` };
  }
  const k = commonScale(values);
  if (k !== null)
    return {
      id: "scaled",
      title:
        k === -1
          ? `the sign is flipped: this is −(${label})`
          : `off by a constant factor: this is ${fmt(k)} × ${label}`,
    };
  return null;
}

/** The one number k with student = k × derivation at every point, if there is one. */
function commonScale(values: (Observation & { value: { ok: true; m: Matrix } })[]): number | null {
  let k: number | null = null;
  for (const o of values) {
    if (shape(o.value.m) !== shape(o.derivation)) return null;
    const d = o.derivation.data;
    const s = o.value.m.data;
    let best = 0;
    for (let i = 1; i < d.length; i++) if (Math.abs(d[i]) > Math.abs(d[best])) best = i;
    if (d[best] === 0) return null;
    const here = s[best] / d[best];
    if (k === null) k = here;
    const scaled: Matrix = { rows: o.derivation.rows, cols: o.derivation.cols, data: d.map((v) => v * k!) };
    if (!same(o.value.m, scaled)) return null;
  }
  return k !== null && Math.abs(k - 1) > RIGHT_TOLERANCE ? Math.round(k * 1e6) / 1e6 : null;
}

function fmt(k: number): string {
  return Number.isInteger(k) ? String(k) : k.toPrecision(4);
}

const STEP_BATCH = 4;
const STEP_LR = 0.1;

/** The mean over the rows of X of the gradients the student's backward pass returns, or null if it cannot give them. */
function studentMeanGradients(studentBackward: StudentBackward, X: NestedMatrix, p: Params): Gradients | null {
  const names = ["dE_dW1", "dE_dB1", "dE_dW2", "dE_dB2"] as const;
  const like: Gradients = { dE_dW1: p.W1, dE_dB1: p.B1, dE_dW2: p.W2, dE_dB2: p.B2 };
  const sums = names.map((g) => new Float64Array(like[g].data.length));
  try {
    for (const row of X) {
      const out = studentBackward(
        row.map((v) => [v]),
        nestedParams(p),
      );
      for (const [k, g] of names.entries()) {
        const v = readStudentValue(out?.[g]);
        if (!v.ok || shape(v.m) !== shape(like[g])) return null;
        v.m.data.forEach((e, i) => (sums[k][i] += e / X.length));
      }
    }
  } catch {
    return null;
  }
  const at = (k: number, g: (typeof names)[number]): Matrix => ({
    rows: like[g].rows,
    cols: like[g].cols,
    data: sums[k],
  });
  return { dE_dW1: at(0, "dE_dW1"), dE_dB1: at(1, "dE_dB1"), dE_dW2: at(2, "dE_dW2"), dE_dB2: at(3, "dE_dB2") };
}

/**
 * The update step on a batch: the student's new weights against W − η · (mean of the per-sample gradients).
 * The step is judged on its own, so a wrong factor is not counted twice: the mean is of the student's own
 * gradients (when their shapes are right) or of the derivation's, and matching either is right. The student's
 * change is compared with the right one as one number times it: 1 is right, and the step slips of the
 * catalogue are the other numbers (−1: the sign; B: a sum instead of the mean; −B: both).
 */
function judgeStep(
  studentStep: StudentStep,
  studentBackward: StudentBackward,
  n: number,
  h: number,
  rng: Rng,
): { result: FactorResult; slip: Diagnosis | null } {
  const base = {
    name: "step" as const,
    label: "update step",
    equation: "W ← W − η · mean over the batch of ∂E/∂W",
    shape: `batch of ${STEP_BATCH}`,
    relErrorNumeric: NaN,
  };
  const fail = (got: string, problem: string): { result: FactorResult; slip: null } => ({
    result: { ...base, got, relErrorDerivation: Infinity, ok: false, problem },
    slip: null,
  });
  const p = evaluationPoints(n, h, 1, rng)[0].p;
  const X = Array.from({ length: STEP_BATCH }, () => Array.from({ length: n }, () => rng.uniform()));
  let out: Partial<Record<keyof NestedParams, unknown>>;
  try {
    out = studentStep(X, nestedParams(p), STEP_LR);
  } catch (e) {
    return fail("threw", `studentStep threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  const names = ["W1", "B1", "W2", "B2"] as const;
  const change = (a: Matrix, b: Matrix): number[] => Array.from(a.data, (v, i) => v - b.data[i]);
  const student: number[] = [];
  for (const k of names) {
    const v = readStudentValue(out?.[k]);
    if (!v.ok) return fail(v.shape, `new ${k} is not a matrix: ${v.why}`);
    if (shape(v.m) !== shape(p[k]))
      return fail(shape(v.m), `wrong shape: new ${k} is ${shape(v.m)}, ${k} is ${shape(p[k])}`);
    student.push(...change(v.m, p[k]));
  }
  const got = "new W1, B1, W2, B2";
  const bases = [studentMeanGradients(studentBackward, X, p), batchGradients(p, fromRows(X))].filter(
    (g): g is Gradients => g !== null,
  );
  const wants = bases.map((g) => {
    const right = sgdUpdate(p, g, STEP_LR);
    return names.flatMap((k) => change(right[k], p[k]));
  });
  const rel = Math.min(...wants.map((want) => relativeError(column(student), column(want))));
  if (rel <= RIGHT_TOLERANCE)
    return { result: { ...base, got, relErrorDerivation: rel, ok: true, problem: null }, slip: null };
  const wrong = { result: { ...base, got, relErrorDerivation: rel, ok: false, problem: "wrong values" } };
  const steps = SLIPS.filter((s): s is StepSlip => s.kind !== "factor");
  for (const slips of [...steps.map((s) => [s]), steps]) {
    const k = slips.reduce((acc, s) => acc * s.stepFactor(STEP_BATCH), 1);
    if (wants.some((want) => relativeError(column(student), column(want.map((v) => v * k))) <= RIGHT_TOLERANCE))
      return {
        ...wrong,
        slip: {
          id: slips.map((s) => s.id).join("+"),
          title: slips.map((s) => `${s.title} (wrote ${s.wrote}; the derivation has ${s.right})`).join("; and "),
        },
      };
  }
  return { ...wrong, slip: null };
}
