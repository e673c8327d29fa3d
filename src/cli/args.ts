import { parseArgs } from "node:util";
import { parseNumericCell } from "../data/numeric-cell";
import { quote } from "../data/quote";

/**
 * Argument parsing for every command: the flag table type, the parser, the value converters and the help
 * layout. Each command file (train.ts, gradients.ts, synth.ts) holds its own table: a flag's name, its
 * help line and its default sit together there.
 */

/**
 * A mistake in how the CLI was called (an unknown flag, a bad value, flags that exclude each other).
 * The message is one line naming the flag; main.ts prints it and exits with code 2, as is usual for
 * usage errors, while data errors exit 1.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One flag: a switch (--quiet) or a flag with a value (--lr 0.1, --lr=0.1), with its help. */
export interface FlagInfo {
  /** The value's placeholder in the help ("FILE", "X"); absent for a switch. */
  value?: string;
  /** The help text; "\n" starts a continuation line. */
  help: string;
  /** The heading the flag is listed under in --help (flags without one come first). */
  section?: string;
}

/** A command's flags by name (without the "--"). A Map, so "--constructor" is simply unknown. */
export type FlagTable = ReadonlyMap<string, FlagInfo>;

export function flagTable(entries: readonly (readonly [string, FlagInfo])[]): FlagTable {
  return new Map(entries);
}

/** The flags of a table as --help lists them: "  --lr X                 help", grouped by section. */
export function flagHelp(table: FlagTable): string {
  const lines: string[] = [];
  let section: string | undefined;
  for (const [name, info] of table) {
    if (info.section !== section) {
      section = info.section;
      if (lines.length > 0) lines.push("");
      if (section !== undefined) lines.push(`${section}:`);
    }
    const left = `--${name}${info.value === undefined ? "" : ` ${info.value}`}`;
    const [first, ...more] = info.help.split("\n");
    lines.push(`  ${left.padEnd(22)} ${first}`);
    for (const m of more) lines.push(`${" ".repeat(25)}${m}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The parsed command line of one command: node's parseArgs splits the words into flags and values, and
 * the checks here turn every mistake into one line naming the flag, in the wording the rest of the CLI uses.
 */
export class Flags {
  private constructor(
    private readonly values: Map<string, string>,
    private readonly switches: Set<string>,
  ) {}

  /**
   * Parses `args` (the words after the command name). `--help` and `-h` are accepted by every command.
   * Errors: unexpected argument, unknown flag, missing value, a value on a switch, a flag given twice.
   */
  static parse(args: readonly string[], table: FlagTable): Flags {
    const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
      help: { type: "boolean", short: "h" },
    };
    for (const [name, info] of table) options[name] = { type: info.value === undefined ? "boolean" : "string" };
    // Not strict: parseArgs's own errors would not name the flag in our words, nor catch a flag given twice.
    const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== "option") {
        throw new UsageError(`unexpected argument ${quote(args[token.index])} (flags start with --)`);
      }
      const { name, value } = token;
      if (name === "help") {
        switches.add(name);
        continue;
      }
      const info = table.get(name);
      if (info === undefined || !token.rawName.startsWith("--")) {
        throw new UsageError(`unknown flag ${quote(token.rawName)} (see --help)`);
      }
      if (values.has(name) || switches.has(name)) throw new UsageError(`--${name} is given twice`);
      if (info.value === undefined) {
        if (value !== undefined) throw new UsageError(`--${name} takes no value`);
        switches.add(name);
        // "--lr --epochs 5" is a forgotten value, not a learning rate called "--epochs".
      } else if (value === undefined || value.trim() === "" || (!token.inlineValue && value.startsWith("--"))) {
        throw new UsageError(`--${name} needs a value`);
      } else {
        values.set(name, value);
      }
    }
    return new Flags(values, switches);
  }

  has(name: string): boolean {
    return this.values.has(name) || this.switches.has(name);
  }

  /** The raw value of a value flag, or undefined when it was not given. */
  value(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The raw value of a flag the command cannot do without. */
  required(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  }

  /** A value converted by `parse`, which throws a UsageError naming the flag; `fallback` when absent. */
  get<T>(name: string, parse: (flag: string, raw: string) => T, fallback: T): T {
    const v = this.values.get(name);
    return v === undefined ? fallback : parse(`--${name}`, v);
  }
}

/*
 * Converters from a flag's text to a checked value. Each takes the flag's name ("--lr") so its error says
 * which flag was wrong, and quotes what was given.
 */

/**
 * A finite decimal number, read exactly as a CSV cell is (numeric-cell.ts), so that a value means the same
 * on the command line as in a data file; Number() alone would also accept "", "0x10" and "Infinity".
 */
function toNumber(flag: string, raw: string, what: string): number {
  const cell = parseNumericCell(raw);
  if (cell.kind !== "number") throw new UsageError(`${flag} must be ${what}, got ${quote(raw)}`);
  return cell.value;
}

function checked(flag: string, raw: string, what: string, ok: (v: number) => boolean): number {
  const v = toNumber(flag, raw, what);
  if (!ok(v)) throw new UsageError(`${flag} must be ${what}, got ${quote(raw)}`);
  return v;
}

export function positiveInteger(flag: string, raw: string): number {
  return checked(flag, raw, "a positive integer", (v) => Number.isSafeInteger(v) && v >= 1);
}

export function nonNegativeInteger(flag: string, raw: string): number {
  return checked(flag, raw, "an integer ≥ 0", (v) => Number.isSafeInteger(v) && v >= 0);
}

export function positiveNumber(flag: string, raw: string): number {
  return checked(flag, raw, "a number > 0", (v) => v > 0);
}

export function nonNegativeNumber(flag: string, raw: string): number {
  return checked(flag, raw, "a number ≥ 0", (v) => v >= 0);
}

/** A fraction strictly between 0 and 1: both sides of a split need rows. */
export function openFraction(flag: string, raw: string): number {
  return checked(flag, raw, "a number between 0 and 1 (exclusive)", (v) => v > 0 && v < 1);
}

/** Seeds are 32-bit: the PRNG reduces a seed modulo 2³², so larger ones would silently repeat smaller ones. */
export function seed(flag: string, raw: string): number {
  return checked(flag, raw, "an integer from 0 to 4294967295", (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
}

/** "a,b,c" → ["a", "b", "c"], no empty names. */
export function nameList(flag: string, raw: string): string[] {
  const names = raw.split(",").map((s) => s.trim());
  if (names.some((s) => s === "")) throw new UsageError(`${flag} has an empty name in ${quote(raw)}`);
  return names;
}

/** "0.1,0.2,0.3" → [0.1, 0.2, 0.3]; the error names the position of the first bad entry. */
export function numberList(flag: string, raw: string): number[] {
  return raw.split(",").map((s, i) => {
    try {
      return toNumber(flag, s, "a number");
    } catch {
      throw new UsageError(`${flag}: entry ${i + 1} (${quote(s.trim())}) is not a number`);
    }
  });
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (flag: string, raw: string) => T {
  return (flag, raw) => {
    const hit = choices.find((c) => c === raw);
    if (hit === undefined) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got ${quote(raw)}`);
    return hit;
  };
}
