import { quote } from "./quote";

/** What a CSV cell holds, as far as a numeric column is concerned. */
export type NumericCell =
  { kind: "number"; value: number } | { kind: "blank" } | { kind: "nan" } | { kind: "text"; text: string };

/**
 * Plain decimal numbers only: "3", "-0.5", ".5", "1e-3". Not hexadecimal, not "Infinity", not "1,5";
 * Number("") is 0 and Number(" 0x10 ") is 16, so Number() alone would accept far too much.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The one reader of numbers from text: CSV cells here, and the CLI's number flags (cli/args.ts). */
export function parseNumericCell(raw: string): NumericCell {
  const s = raw.trim();
  if (s === "") return { kind: "blank" };
  if (/^[+-]?nan$/i.test(s)) return { kind: "nan" };
  if (!DECIMAL.test(s)) return { kind: "text", text: s };
  const value = Number(s);
  // "1e999" matches the pattern but overflows; it is no more a usable number than "Infinity".
  return Number.isFinite(value) ? { kind: "number", value } : { kind: "text", text: s };
}

/**
 * The number a cell holds, or NaN when parseNumericCell would not call it a number: the same rule without
 * an object per cell, for reading millions of cells (csv-matrix.ts). A test holds the two equal.
 */
export function numericValue(raw: string): number {
  // Most cells have no surrounding spaces; a decimal is never blank or "nan", so those checks can wait.
  let s = raw;
  if (!DECIMAL.test(s)) {
    s = raw.trim();
    if (s === raw || !DECIMAL.test(s)) return NaN;
  }
  const value = Number(s);
  return Number.isFinite(value) ? value : NaN;
}

/** Why a cell cannot be used as a number, for an error message ("blank cell", "NaN cell", …). */
export function describeBadCell(cell: NumericCell): string {
  switch (cell.kind) {
    case "blank":
      return "blank cell, a number is needed";
    case "nan":
      return "NaN cell, a number is needed";
    case "text":
      return `${quote(cell.text)} is not a number`;
    case "number":
      return `${cell.value} is a number`;
  }
}
