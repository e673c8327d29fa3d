import { surfacePoints, SURFACE_DEFAULTS, SURFACE_COLUMNS } from "../data/synthetic-surface";
import { formatGigabytes } from "../format/number";
import { quotePath } from "../data/quote";
import { Flags, type FlagTable, UsageError, flagHelp, positiveInteger, nonNegativeNumber, seed } from "./args";
import { planOutput, writeOutput } from "./output";

/** `backprop-lab synth`: the synthetic surface data as CSV; data/surface.csv is made with the defaults. */

const D = SURFACE_DEFAULTS;
const FLAGS: FlagTable = {
  "": [
    ["out", "FILE", "where to write the CSV (atomically; - for standard output; required)"],
    ["count", "N", `number of points (default ${D.count})`],
    ["noise", "S", `standard deviation of the noise, >= 0 (default ${D.noise})`],
    ["seed", "S", `seed (default ${D.seed}; data/surface.csv uses ${D.seed})`],
  ],
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
const BYTES_PER_ROW = 3 * (DIGITS + 3);
/** Rows formatted per piece written. */
const ROWS_PER_PIECE = 40000;

export async function synthCommand(args: readonly string[]): Promise<number> {
  const flags = new Flags(args, FLAGS);
  if (flags.has("help")) {
    process.stdout.write(synthHelp());
    return 0;
  }
  const out = flags.required("out");
  const count = flags.get("count", positiveInteger, D.count);
  const noise = flags.get("noise", nonNegativeNumber, D.noise);
  const s = flags.get("seed", seed, D.seed);
  const plan = planOutput("--out", out === "-" ? undefined : out, [], false);
  if (plan.freeBytes !== null && count * BYTES_PER_ROW > plan.freeBytes) {
    throw new UsageError(
      `--count ${count}: the file would take ${formatGigabytes(count * BYTES_PER_ROW)}, ` +
        `and the folder of --out has ${formatGigabytes(plan.freeBytes)} free`,
    );
  }
  // Streamed: the points are formatted a piece at a time, never held whole (10⁷ points are 270 MB of text).
  await writeOutput(plan, async (sink) => {
    let piece = SURFACE_COLUMNS.join(",") + "\n";
    let rows = 0;
    for (const [x1, x2, x3] of surfacePoints({ count, noise, seed: s })) {
      piece += `${x1.toFixed(DIGITS)},${x2.toFixed(DIGITS)},${x3.toFixed(DIGITS)}\n`;
      if (++rows % ROWS_PER_PIECE === 0) {
        await sink(piece);
        piece = "";
      }
    }
    await sink(piece);
  });
  process.stderr.write(
    `backprop-lab: wrote ${count} points (noise ${noise}, seed ${s}) to ${out === "-" ? "standard output" : quotePath(out)}\n`,
  );
  return 0;
}
