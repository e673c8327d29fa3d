/**
 * The one number formatter for prose, tables and figure labels, so a reader never meets "1.7e+14 times",
 * "0.00e+0" or a table asked for 6 digits that prints 5. Every function returns plain text (Unicode,
 * no TeX); `numberLatex` in notebook/latex.ts is the TeX twin for equations.
 */

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** Grouping for the integer part only: 4670 → "4,670", 0.001234 stays as it is. */
function groupThousands(text: string): string {
  const [intPart, frac] = text.split(".");
  const sign = intPart.startsWith("-") ? "−" : "";
  const digits = sign ? intPart.slice(1) : intPart;
  const grouped = digits.length > 3 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : digits;
  return sign + grouped + (frac === undefined ? "" : "." + frac);
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return null;
}

/**
 * `x` with `digits` significant digits: plain notation from 0.001 up to 10^6 (thousands grouped),
 * otherwise "1.7 × 10⁻¹⁴". Trailing zeros are kept, so a table asked for 6 digits shows 6.
 * Zero is "0"; use {@link formatDifference} where a zero means "identical".
 */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 21)
    throw new RangeError(`formatNumber: digits must be an integer from 1 to 21, got ${digits}`);
  const special = nonFinite(x);
  if (special !== null) return special;
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) {
    const fixed = x.toPrecision(digits);
    // toPrecision switches to exponent form when digits < number of integer digits (e.g. 4670 at 2 digits).
    const plain = fixed.includes("e") ? String(Number(fixed)) : fixed;
    return groupThousands(plain);
  }
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  const power = String(Number(exponent))
    .split("")
    .map((c) => SUPERSCRIPT[c])
    .join("");
  return `${mantissa.replace("-", "−")} × 10${power}`;
}

/** A ratio as "4,670×", "1.52×" or "3.1 × 10⁹×"; significant digits as in {@link formatNumber}. */
export function formatTimes(ratio: number, digits = 3): string {
  return `${formatNumber(ratio, digits)}×`;
}

/** A difference or error that may be exactly zero: "exactly 0" says more than "0.00e+0". */
export function formatDifference(x: number, digits = 2): string {
  return x === 0 ? "exactly 0" : formatNumber(x, digits);
}

/** A fraction as a percentage: 0.0804 → "8.0%" (digits after the point). */
export function formatPercent(fraction: number, decimals = 1): string {
  const special = nonFinite(fraction);
  if (special !== null) return special;
  const text = (100 * fraction).toFixed(decimals);
  // A value that rounds to zero prints without a sign: "−0.0%" reads as a finding where there is none.
  return `${Number(text) === 0 ? text.replace("-", "") : text.replace("-", "−")}%`;
}

/** A duration given in seconds, in the unit a reader expects: "840 µs", "68 ms", "1.3 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  const special = nonFinite(seconds);
  if (special !== null) return special;
  if (seconds < 1e-3) return `${formatNumber(seconds * 1e6, 2)} µs`;
  if (seconds < 1) return `${formatNumber(seconds * 1e3, 2)} ms`;
  if (seconds < 60) return `${formatNumber(seconds, 2)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - 60 * minutes)} s`;
}

/** A count with thousands grouped: 150000 → "150,000". */
export function formatCount(n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`formatCount: ${n} is not an integer`);
  return groupThousands(String(n));
}

/**
 * A parameter as it was written: the fewest significant digits (at most `maxDigits`) that give back the value,
 * so η = 0.1 prints "0.1" and 10 prints "10", where formatNumber(x, 3) would print "0.100" and "10.0".
 */
export function formatShortest(x: number, maxDigits = 6): string {
  for (let d = 1; d < maxDigits; d++) if (Number(x.toPrecision(d)) === x) return formatNumber(x, d);
  return formatNumber(x, maxDigits);
}

/** A count and its noun, singular or plural as the count needs: "1 hidden unit", "3 hidden units", "1,000 rows". */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** A size in bytes as gigabytes, "1.29 GB": for messages about memory and disk space. */
export function formatGigabytes(bytes: number): string {
  return `${formatNumber(bytes / 1e9, 3)} GB`;
}
