import { quote } from "../format/quote";

/**
 * Plain decimal numbers only: "3", "-0.5", ".5", "1e-3". Not hexadecimal, not "Infinity", not "1,5";
 * Number("") is 0 and Number(" 0x10 ") is 16, so Number() alone would accept far too much.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The one reader of numbers from text, CSV cells and the CLI's number flags (cli/args.ts) alike. "1e999"
 * matches the pattern but overflows; it is no more a usable number than "Infinity".
 */
export function numericValue(raw: string): number {
  const s = raw.trim();
  const value = DECIMAL.test(s) ? Number(s) : NaN;
  return Number.isFinite(value) ? value : NaN;
}

export function describeBadCell(raw: string): string {
  const s = raw.trim();
  if (s === "") return "blank cell, a number is needed";
  if (/^[+-]?nan$/i.test(s)) return "NaN cell, a number is needed";
  return `${quote(s)} is not a number`;
}
