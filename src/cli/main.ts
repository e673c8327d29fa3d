#!/usr/bin/env node
/**
 * The backprop-lab command line: dispatch to a command, and turn every failure into one line on
 * stderr and an exit code (2 for usage errors, 1 for data errors, divergence and anything else).
 * No stack traces: a user who mistyped a flag needs the flag's name, not our call stack.
 */
import { DataError } from "../data/data-error";
import { UsageError } from "./usage-error";
import { topHelp } from "./help-text";
import { trainCommand } from "./train-command";
import { gradientsCommand } from "./gradients-command";
import { synthCommand } from "./synth-command";

const COMMANDS: Record<string, (args: readonly string[]) => number> = {
  train: trainCommand,
  gradients: gradientsCommand,
  synth: synthCommand,
};

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(topHelp());
    return 2;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(topHelp());
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    throw new UsageError(`unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(", ")}; see --help)`);
  }
  return run(rest);
}

function oneLine(message: string): string {
  return message.split("\n")[0];
}

// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`backprop-lab: cannot write to stdout: ${e.code ?? e.message}\n`);
  process.exit(1);
});

try {
  // exitCode rather than process.exit(): exiting at once could cut off JSON still being piped to stdout.
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`backprop-lab: ${oneLine(e.message)}\n`);
    process.exitCode = 2;
  } else if (e instanceof DataError) {
    process.stderr.write(`backprop-lab: ${oneLine(e.message)}\n`);
    process.exitCode = 1;
  } else {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`backprop-lab: error: ${oneLine(message)}\n`);
    process.exitCode = 1;
  }
}
