#!/usr/bin/env node
/**
 * The backprop-lab command line: every failure becomes one line on stderr and an exit code (2 for usage
 * errors, else 1). A user who mistyped a flag needs the flag's name, not our call stack.
 */
import { DataError } from "../data/data-error";
import { quote, quoteBare } from "../format/quote";
import { UsageError } from "./args";
import { trainCommand } from "./train";
import { gradientsCommand } from "./gradients";
import { synthCommand } from "./synth";

/** A Map, not an object: "constructor" and "__proto__" are not commands. */
const COMMANDS = new Map<string, (args: readonly string[]) => Promise<number>>([
  ["train", trainCommand],
  ["gradients", gradientsCommand],
  ["synth", synthCommand],
]);

function topHelp(): string {
  return `backprop-lab: a 3-2-3 sigmoid autoencoder with backpropagation derived by hand

Usage: backprop-lab <command> [flags]

Commands:
  train       train the autoencoder on a CSV file and write the run as JSON
  gradients   print every factor of the backpropagation derivation for one sample
  synth       write points near a 2-D surface in [0,1]^3 as CSV

Run "backprop-lab <command> --help" for a command's flags.
Exit codes: 0 ok, 1 data error, runtime error or training diverged, 2 invalid flags or values.
`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(topHelp());
    return 2;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(topHelp());
    return 0;
  }
  const run = COMMANDS.get(command);
  if (run === undefined) {
    throw new UsageError(
      `unknown command ${quote(command)} (commands: ${[...COMMANDS.keys()].join(", ")}; see --help)`,
    );
  }
  return run(rest);
}

function report(e: unknown): number {
  const known = e instanceof UsageError || e instanceof DataError;
  // Out of memory in a typed-array allocation, or a bug: still one line, never a stack trace.
  const message = known ? e.message : `error: ${e instanceof Error ? e.message : String(e)}`;
  // The first line, control characters escaped: messages quote user text through format/quote.ts already, and
  // this is the last guard for text we do not control (a system error).
  process.stderr.write(`backprop-lab: ${quoteBare(message.split("\n")[0], 1000)}\n`);
  return e instanceof UsageError ? 2 : 1;
}

// A reader of stderr that went away (a closed pipe) is not worth a stack trace: the run goes on, its lines are
// dropped, and the exit code still tells. (stdout's: output.ts.)
process.stderr.on("error", () => {});

// The last resort, for an error thrown outside the command's own call chain (a callback of a stream): still
// one line and exit 1, never a stack trace.
process.on("uncaughtException", (e: unknown) => {
  process.exit(report(e));
});

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than process.exit(): exiting at once could cut off JSON still being piped to stdout.
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e);
  },
);
