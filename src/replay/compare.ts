/**
 * The check of "Check these numbers": every epoch's training and test error of a rerun against the
 * embedded run, bit for bit, and one sentence that says how they compare.
 */
import { type EmbeddedRun, errorFromJson } from "./embedded-run";

export interface Errors {
  trainError: ArrayLike<number>;
  testError: ArrayLike<number> | null;
}

export interface Difference {
  epoch: number;
  split: "training" | "test";
  expected: number;
  actual: number;
}

export interface Comparison {
  /** Trained epochs in the embedded run (its records less epoch 0). */
  epochs: number;
  /** Records (epoch 0 included) compared before the first difference, or all of them. */
  identicalRecords: number;
  /** The first epoch whose training or test error differs in any bit, or null. */
  first: Difference | null;
  /** Both histories have as many records; false when the rerun stopped early or ran longer. */
  sameLength: boolean;
  recordsExpected: number;
  recordsActual: number;
}

export function embeddedErrors(run: EmbeddedRun): Errors {
  return {
    trainError: run.trainError.map(errorFromJson),
    testError: run.testError === null ? null : run.testError.map(errorFromJson),
  };
}

/** Compares record by record; Object.is, so −0 ≠ 0 and NaN = NaN: equal means the same bits (up to NaN payloads). */
export function compareErrors(expected: Errors, actual: Errors): Comparison {
  const recordsExpected = expected.trainError.length;
  const recordsActual = actual.trainError.length;
  const common = Math.min(recordsExpected, recordsActual);
  let first: Difference | null = null;
  let i = 0;
  for (; i < common && first === null; i++) {
    const e = expected.trainError[i];
    const a = actual.trainError[i];
    if (!Object.is(e, a)) first = { epoch: i, split: "training", expected: e, actual: a };
    else if ((expected.testError === null) !== (actual.testError === null)) {
      first = {
        epoch: i,
        split: "test",
        expected: expected.testError?.[i] ?? NaN,
        actual: actual.testError?.[i] ?? NaN,
      };
    } else if (expected.testError !== null && actual.testError !== null) {
      const et = expected.testError[i];
      const at = actual.testError[i];
      if (!Object.is(et, at)) first = { epoch: i, split: "test", expected: et, actual: at };
    }
  }
  return {
    epochs: Math.max(0, recordsExpected - 1),
    identicalRecords: first === null ? common : first.epoch,
    first,
    sameLength: recordsExpected === recordsActual,
    recordsExpected,
    recordsActual,
  };
}

/** "bit-identical, 300 of 300 epochs", or where and by how much the rerun first differs. */
export function describeComparison(c: Comparison): string {
  if (c.first !== null) {
    const { epoch, split, expected, actual } = c.first;
    const size = Math.abs(actual - expected);
    const relative = size / Math.abs(expected);
    return (
      `different from epoch ${epoch} on: its ${split} error is ${actual} here and ${expected} in the notebook ` +
      `(a difference of ${size.toPrecision(2)}, ${relative.toPrecision(2)} of the value)`
    );
  }
  if (!c.sameLength) {
    return (
      `the first ${c.identicalRecords} records are bit-identical, but the notebook's run has ${c.recordsExpected} ` +
      `records (epoch 0 included) and this one ${c.recordsActual}`
    );
  }
  return `bit-identical, ${c.epochs} of ${c.epochs} epochs (and epoch 0), training and test error`;
}
