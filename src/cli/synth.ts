import { surfacePoints, SURFACE_DEFAULTS, SURFACE_COLUMNS } from "../data/synthetic-surface";
import { quotePath } from "../format/quote";
import { flag, required, text, parseFlags, flagHelp, positiveInteger, nonNegativeNumber, seed } from "./args";
import { planOutput, writeOutput } from "./output";

/** `backprop-lab synth`: the synthetic surface data as CSV; data/surface.csv is made with the defaults. */

const D = SURFACE_DEFAULTS;
const FLAGS = {
  out: required("FILE", "where to write the CSV (atomically; - for standard output; required)", text),
  count: flag("N", "number of points", positiveInteger, D.count),
  noise: flag("S", "standard deviation of the noise, >= 0", nonNegativeNumber, D.noise),
  seed: flag("S", "seed; data/surface.csv is made with the defaults", seed, D.seed),
};

export function synthHelp(): string {
  return `Usage: backprop-lab synth --out FILE [--count N] [--noise S] [--seed S]

Writes points near the surface x3 = 0.15 + 0.35 (x1^2 + x2^2), x1 and x2 uniform on (0, 1),
with Gaussian noise of standard deviation S on x3, clamped to [0, 1]: three columns x1,x2,x3 with
two degrees of freedom. The same flags give the same file byte for byte.

${flagHelp(FLAGS)}`;
}

/** Six decimals: "0.123456," is 9 characters, so a row is 27 bytes with its line end. */
const DIGITS = 6;

export async function synthCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, FLAGS);
  if (flags === null) {
    process.stdout.write(synthHelp());
    return 0;
  }
  const { out: file, count, noise, seed: s } = flags;
  const out = planOutput("--out", file, [], { flag: "--count", value: count, bytes: count * 3 * (DIGITS + 3) });
  // Streamed: the points are formatted as they are written, never held whole (10⁷ points are 270 MB of text).
  await writeOutput(out, csvLines(surfacePoints({ count, noise, seed: s })));
  const where = out === null ? "standard output" : quotePath(file);
  process.stderr.write(`backprop-lab: wrote ${count} points (noise ${noise}, seed ${s}) to ${where}\n`);
  return 0;
}

function* csvLines(points: Iterable<readonly number[]>): Generator<string> {
  yield SURFACE_COLUMNS.join(",") + "\n";
  for (const [x1, x2, x3] of points) yield `${x1.toFixed(DIGITS)},${x2.toFixed(DIGITS)},${x3.toFixed(DIGITS)}\n`;
}
