import { parseArgs } from "node:util";
import { numericValue } from "../data/numeric-cell";
import { quote } from "../format/quote";
import { isSeed } from "../random/prng";

/** A mistake in how the CLI was called: one line naming the flag; main.ts exits with 2 (data errors: 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** How a flag's text becomes its value; it throws a UsageError naming the flag. */
export type Reader<T> = (flag: string, raw: string) => T;

/** One flag of a command: how --help lists it, and its value from its text (undefined when not given). */
export interface Flag<T> {
  /** The value's placeholder in --help ("N"), or null for a switch. */
  value: string | null;
  /** Its help; "\n" starts a continuation line. */
  help: string;
  read: (flag: string, raw: string | undefined) => T;
}

/** A value flag whose value is `fallback` when it is not given; --help shows the default. */
export function flag<T>(value: string, help: string, read: Reader<T>, fallback: T): Flag<T> {
  const withDefault = `${help} (default ${String(fallback)})`;
  return { value, help: withDefault, read: (f, raw) => (raw === undefined ? fallback : read(f, raw)) };
}

export function optional<T>(value: string, help: string, read: Reader<T>): Flag<T | undefined> {
  return { value, help, read: (f, raw) => (raw === undefined ? undefined : read(f, raw)) };
}

export function required<T>(value: string, help: string, read: Reader<T>): Flag<T> {
  return { value, help, read: (f, raw) => (raw === undefined ? missing(f) : read(f, raw)) };
}

function missing(flag: string): never {
  throw new UsageError(`${flag} is required`);
}

export function toggle(help: string): Flag<boolean> {
  return { value: null, help, read: (_, raw) => raw !== undefined };
}

export const text: Reader<string> = (_, raw) => raw;

/** A command's flags by name: `batchSize` is --batch-size. */
export type FlagTable = Record<string, Flag<unknown>>;
export type FlagValues<F extends FlagTable> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

const flagName = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flags as --help lists them, with a heading line before each flag `headings` names. */
export function flagHelp(table: FlagTable, headings: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = [];
  for (const [key, { value, help }] of Object.entries(table)) {
    if (key in headings) lines.push(...(lines.length > 0 ? [""] : []), `${headings[key]}:`);
    const [first, ...more] = help.split("\n");
    lines.push(`  ${`--${flagName(key)}${value === null ? "" : ` ${value}`}`.padEnd(22)} ${first}`);
    for (const m of more) lines.push(`${" ".repeat(25)}${m}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The command line against a command's table, or null for --help or -h. node's parseArgs splits the words; the
 * checks give each mistake one line naming the flag (its strict mode would let a flag given twice through).
 */
export function parseFlags<F extends FlagTable>(args: readonly string[], table: F): FlagValues<F> | null {
  // A Map, so that "--constructor" is simply unknown.
  const takesValue = new Map(Object.entries(table).map(([key, f]) => [flagName(key), f.value !== null]));
  const { tokens } = parseArgs({
    args: [...args],
    options: {
      ...Object.fromEntries([...takesValue].map(([name, v]) => [name, { type: v ? "string" : "boolean" }])),
      help: { type: "boolean", short: "h" },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== "option") {
      throw new UsageError(`unexpected argument ${quote(args[token.index])} (flags start with --)`);
    }
    const { name, rawName, value } = token;
    if (name !== "help" && (!takesValue.has(name) || !rawName.startsWith("--"))) {
      throw new UsageError(`unknown flag ${quote(rawName)} (see --help)`);
    }
    if (given.has(name) && name !== "help") throw new UsageError(`--${name} is given twice`);
    if (name === "help" || !takesValue.get(name)) {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      given.set(name, "");
      // "--lr --epochs 5" is a forgotten value, not a learning rate called "--epochs".
    } else if (value === undefined || value.trim() === "" || (!token.inlineValue && value.startsWith("--"))) {
      throw new UsageError(`--${name} needs a value`);
    } else {
      given.set(name, value);
    }
  }
  if (given.has("help")) return null;
  const values = Object.entries(table).map(([key, f]) => [key, f.read(`--${flagName(key)}`, given.get(flagName(key)))]);
  return Object.fromEntries(values) as FlagValues<F>;
}

/** A number read exactly as a CSV cell is, so that it means the same on the command line as in a data file. */
function numberFlag(what: string, ok: (v: number) => boolean): Reader<number> {
  return (flag, raw) => {
    const value = numericValue(raw);
    if (Number.isNaN(value) || !ok(value)) throw new UsageError(`${flag} must be ${what}, got ${quote(raw)}`);
    return value;
  };
}

export const integerIn = (min: number, max: number): Reader<number> =>
  numberFlag(`an integer from ${min} to ${max}`, (v) => Number.isSafeInteger(v) && v >= min && v <= max);
export const positiveInteger = numberFlag("a positive integer", (v) => Number.isSafeInteger(v) && v >= 1);
export const positiveNumber = numberFlag("a number > 0", (v) => v > 0);
export const nonNegativeNumber = numberFlag("a number ≥ 0", (v) => v >= 0);
/** Strictly between 0 and 1: both sides of a split need rows. */
export const openFraction = numberFlag("a number between 0 and 1 (exclusive)", (v) => v > 0 && v < 1);
export const seed = numberFlag("an integer from 0 to 4294967295", isSeed);

/** "a,b,c" → ["a", "b", "c"], no empty names. */
export function nameList(flag: string, raw: string): string[] {
  const names = raw.split(",").map((s) => s.trim());
  if (names.some((s) => s === "")) throw new UsageError(`${flag} has an empty name in ${quote(raw)}`);
  return names;
}

/** "0.1,0.2,0.3" → [0.1, 0.2, 0.3]; the error names the position of the first bad entry. */
export function numberList(flag: string, raw: string): number[] {
  return raw.split(",").map((s, i) => anyNumber(`${flag}: entry ${i + 1}`, s));
}
const anyNumber = numberFlag("a number", () => true);

export function oneOf<T extends string>(choices: readonly T[]): Reader<T> {
  return (flag, raw) => {
    const hit = choices.find((c) => c === raw);
    if (hit === undefined) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got ${quote(raw)}`);
    return hit;
  };
}
