import { UsageError } from "./usage-error";

/** A flag either takes a value (--lr 0.1, --lr=0.1) or is a switch (--quiet). */
export type FlagSpec = Readonly<Record<string, "value" | "switch">>;

/**
 * The parsed command line of one command. A small parser of our own rather than node:util's parseArgs,
 * so that every error is one line naming the flag, in the wording the rest of the CLI uses.
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
  static parse(args: readonly string[], spec: FlagSpec): Flags {
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === "-h" || arg === "--help") {
        switches.add("help");
        continue;
      }
      if (!arg.startsWith("--") || arg === "--")
        throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const kind = spec[name];
      if (kind === undefined) throw new UsageError(`unknown flag --${name} (see --help)`);
      if (values.has(name) || switches.has(name)) throw new UsageError(`--${name} is given twice`);
      if (kind === "switch") {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        switches.add(name);
        continue;
      }
      let value: string;
      if (eq >= 0) {
        value = arg.slice(eq + 1);
      } else {
        const next = args[i + 1];
        // "--lr --epochs 5" is a forgotten value, not a learning rate called "--epochs".
        if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value`);
        value = next;
        i++;
      }
      if (value.trim() === "") throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
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
