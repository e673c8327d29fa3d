/**
 * How an error reads in a notebook. tslab prints a failed cell's exception with console.error, which shows
 * its whole stack trace: ten lines into dist/ that tell a student nothing they can act on. In the kernel the
 * library prints one line instead (installErrorDisplay, called when display.ts loads there): what is wrong,
 * and where the message has one, what to try. A library message that starts with the name of the internal
 * function that threw it ("splitRows: …") loses that name.
 */

import { inspect } from "node:util";

/** A lowerCamelCase function name, optionally with a quoted title, before the message proper. */
const INTERNAL_PREFIX = /^[a-z][A-Za-z0-9]*(?: "[^"]*")?: /;

/** The one line a notebook shows for an error. */
export function shortErrorMessage(e: Error): string {
  const message = e.message.replace(INTERNAL_PREFIX, "").split("\n")[0].trim();
  if (e.name === "TrainingDivergedError") {
    const what = message.replace(/^training diverged:?\s*/i, "").replace(/\s*\(try a smaller learning rate\)$/, "");
    return (
      `Training diverged: ${what}. The notebook stops here rather than interpret the run: lower the learning rate ` +
      "(training.lr in parameters.json) and run it again."
    );
  }
  if (e.name === "ParameterError") return message;
  return `${e.name || "Error"}: ${message}`;
}

/** Whether this process is a tslab kernel (bin/tslab kernel …), where notebook cells run. */
export function inTslabKernel(argv: readonly string[] = process.argv): boolean {
  return /[\\/]tslab[\\/]bin[\\/]tslab$/.test(argv[1] ?? "") && argv.includes("kernel");
}

/**
 * Makes every Error print as shortErrorMessage's one line wherever it is inspected for printing: tslab prints a
 * failed cell's error with console.error(error), through a console.error it kept when the kernel started (so
 * replacing console.error now would not reach it), which formats the error with util.inspect, which asks the
 * error's util.inspect.custom first. Installed on Error.prototype in the kernel only, once.
 */
export function installErrorDisplay(prototype: object = Error.prototype): void {
  if (Object.hasOwn(prototype, inspect.custom)) return;
  Object.defineProperty(prototype, inspect.custom, {
    value(this: Error): string {
      return shortErrorMessage(this);
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
