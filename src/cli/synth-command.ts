import { syntheticSurface, SURFACE_DEFAULTS, SURFACE_COLUMNS } from "../data/synthetic-surface";
import { matrixToCsv } from "../data/csv-write";
import { writeFileAtomic } from "../data/atomic-write";
import { Flags } from "./flags";
import { positiveInteger, nonNegativeNumber, seed } from "./flag-values";
import { synthHelp } from "./help-text";

const SPEC = { out: "value", count: "value", noise: "value", seed: "value" } as const;

/** `backprop-lab synth`: the synthetic surface data as CSV; data/surface.csv is made with the defaults. */
export function synthCommand(args: readonly string[]): number {
  const flags = Flags.parse(args, SPEC);
  if (flags.has("help")) {
    process.stdout.write(synthHelp());
    return 0;
  }
  const out = flags.required("out");
  const d = SURFACE_DEFAULTS;
  const count = flags.get("count", positiveInteger, d.count);
  const noise = flags.get("noise", nonNegativeNumber, d.noise);
  const s = flags.get("seed", seed, d.seed);
  writeFileAtomic(out, matrixToCsv(SURFACE_COLUMNS, syntheticSurface({ count, noise, seed: s })));
  process.stderr.write(`backprop-lab: wrote ${count} points (noise ${noise}, seed ${s}) to ${out}\n`);
  return 0;
}
