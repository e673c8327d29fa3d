import { parseNumericCell } from "../data/numeric-cell";
import { UsageError } from "./usage-error";

/**
 * Converters from a flag's text to a checked value. Each takes the flag's name ("--lr") so its
 * error says which flag was wrong, and quotes what was given.
 */

/**
 * A finite decimal number, read exactly as a CSV cell is (numeric-cell.ts), so that a value means the same
 * on the command line as in a data file; Number() alone would also accept "", "0x10" and "Infinity".
 */
function toNumber(flag: string, raw: string, what: string): number {
  const cell = parseNumericCell(raw);
  if (cell.kind !== "number") throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return cell.value;
}

export function positiveInteger(flag: string, raw: string): number {
  const what = "a positive integer";
  const v = toNumber(flag, raw, what);
  if (!Number.isSafeInteger(v) || v < 1) throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return v;
}

export function positiveNumber(flag: string, raw: string): number {
  const what = "a number > 0";
  const v = toNumber(flag, raw, what);
  if (!(v > 0)) throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return v;
}

export function nonNegativeNumber(flag: string, raw: string): number {
  const what = "a number ≥ 0";
  const v = toNumber(flag, raw, what);
  if (!(v >= 0)) throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return v;
}

/** A fraction strictly between 0 and 1: both sides of a split need rows. */
export function openFraction(flag: string, raw: string): number {
  const what = "a number between 0 and 1 (exclusive)";
  const v = toNumber(flag, raw, what);
  if (!(v > 0 && v < 1)) throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return v;
}

/** Seeds are 32-bit: the PRNG reduces a seed modulo 2³², so larger ones would silently repeat smaller ones. */
export function seed(flag: string, raw: string): number {
  const what = "an integer from 0 to 4294967295";
  const v = toNumber(flag, raw, what);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new UsageError(`${flag} must be ${what}, got "${raw}"`);
  return v;
}

/** "a,b,c" → ["a", "b", "c"], no empty names. */
export function nameList(flag: string, raw: string): string[] {
  const names = raw.split(",").map((s) => s.trim());
  if (names.some((s) => s === "")) throw new UsageError(`${flag} has an empty name in "${raw}"`);
  return names;
}

/** "0.1,0.2,0.3" → [0.1, 0.2, 0.3]; the error names the position of the first bad entry. */
export function numberList(flag: string, raw: string): number[] {
  return raw.split(",").map((s, i) => {
    try {
      return toNumber(flag, s, "a number");
    } catch {
      throw new UsageError(`${flag}: entry ${i + 1} ("${s.trim()}") is not a number`);
    }
  });
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (flag: string, raw: string) => T {
  return (flag, raw) => {
    const hit = choices.find((c) => c === raw);
    if (hit === undefined) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got "${raw}"`);
    return hit;
  };
}
