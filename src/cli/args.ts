import { parseArgs } from "node:util";
import { parseNumericCell } from "../data/numeric-cell";
import { quote } from "../data/quote";
import { isSeed } from "../random/prng";

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

/**
 * A command's flags, by heading in --help ("" for none): [name, the value's placeholder or null for a
 * switch, help ("\n" starts a continuation line)]. Each command file keeps its table beside its defaults.
 */
export type FlagTable = Readonly<Record<string, readonly (readonly [string, string | null, string])[]>>;

/** The flags of a table as --help lists them: "  --lr X                 help", grouped by heading. */
export function flagHelp(table: FlagTable): string {
  const sections = Object.entries(table).map(([section, flags]) => {
    const lines = section === "" ? [] : [`${section}:`];
    for (const [name, value, help] of flags) {
      const [first, ...more] = help.split("\n");
      lines.push(`  ${`--${name}${value === null ? "" : ` ${value}`}`.padEnd(22)} ${first}`);
      for (const m of more) lines.push(`${" ".repeat(25)}${m}`);
    }
    return lines.join("\n");
  });
  return sections.join("\n\n") + "\n";
}

/**
 * The parsed command line of one command. node's parseArgs splits the words; the checks here give each
 * mistake one line naming the flag (parseArgs's strict mode would word them its own way and let a flag
 * given twice through). `--help` and `-h` are accepted by every command.
 */
export class Flags {
  private readonly values = new Map<string, string | true>();

  constructor(args: readonly string[], table: FlagTable) {
    // A Map, so that "--constructor" is simply unknown.
    const known = new Map(Object.values(table).flatMap((flags) => flags.map(([name, value]) => [name, value])));
    const options = Object.fromEntries(
      [...known].map(([name, value]) => [name, { type: value ? "string" : "boolean" }]),
    );
    const { tokens } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } } as const,
      strict: false,
      allowPositionals: true,
      tokens: true,
    });
    for (const token of tokens) {
      if (token.kind !== "option")
        throw new UsageError(`unexpected argument ${quote(args[token.index])} (flags start with --)`);
      const { name, rawName, value } = token;
      if (name !== "help" && (!known.has(name) || !rawName.startsWith("--"))) {
        throw new UsageError(`unknown flag ${quote(rawName)} (see --help)`);
      }
      if (this.values.has(name) && name !== "help") throw new UsageError(`--${name} is given twice`);
      if (name === "help" || !known.get(name)) {
        if (value !== undefined) throw new UsageError(`--${name} takes no value`);
        this.values.set(name, true);
        // "--lr --epochs 5" is a forgotten value, not a learning rate called "--epochs".
      } else if (value === undefined || value.trim() === "" || (!token.inlineValue && value.startsWith("--"))) {
        throw new UsageError(`--${name} needs a value`);
      } else {
        this.values.set(name, value);
      }
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The raw value of a value flag, or undefined when it was not given. */
  value(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === "string" ? v : undefined;
  }

  /** The raw value of a flag the command cannot do without. */
  required(name: string): string {
    const v = this.value(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  }

  /** A value converted by `parse`, which throws a UsageError naming the flag; `fallback` when absent. */
  get<T>(name: string, parse: (flag: string, raw: string) => T, fallback: T): T {
    const v = this.value(name);
    return v === undefined ? fallback : parse(`--${name}`, v);
  }
}

/**
 * A converter from a flag's text to a number that passes `ok`. A value is read exactly as a CSV cell is
 * (numeric-cell.ts), so it means the same on the command line as in a data file.
 */
function numberFlag(what: string, ok: (v: number) => boolean): (flag: string, raw: string) => number {
  return (flag, raw) => {
    const cell = parseNumericCell(raw);
    if (cell.kind !== "number" || !ok(cell.value)) throw new UsageError(`${flag} must be ${what}, got ${quote(raw)}`);
    return cell.value;
  };
}

export const positiveInteger = numberFlag("a positive integer", (v) => Number.isSafeInteger(v) && v >= 1);
export const nonNegativeInteger = numberFlag("an integer ≥ 0", (v) => Number.isSafeInteger(v) && v >= 0);
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

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (flag: string, raw: string) => T {
  return (flag, raw) => {
    const hit = choices.find((c) => c === raw);
    if (hit === undefined) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got ${quote(raw)}`);
    return hit;
  };
}
