import { paramSizes } from "../model/params";
import { backward } from "../model/backward";
import { fromRows } from "../linalg/matrix";
import { applyMinMax } from "../data/min-max-scaling";
import { Flags } from "./flags";
import { numberList } from "./flag-values";
import { UsageError } from "./usage-error";
import { readWeightsFile } from "./read-weights";
import { derivationQuantities } from "./derivation-quantities";
import { derivationTable, derivationJson } from "./derivation-output";
import { gradientsHelp } from "./help-text";

const SPEC = { init: "value", x: "value", raw: "switch", json: "switch" } as const;

/**
 * `backprop-lab gradients`: one sample through backward() from model/backward.ts, every factor printed.
 * --x is what the network sees, in its [0, 1] input units; with --raw it is in the data's own units and is
 * min-max scaled with the run file's config.scaling first, exactly as train scaled the data.
 */
export function gradientsCommand(args: readonly string[]): number {
  const flags = Flags.parse(args, SPEC);
  if (flags.has("help")) {
    process.stdout.write(gradientsHelp());
    return 0;
  }
  const initFile = flags.required("init");
  const xText = flags.required("x");
  const given = numberList("--x", xText);
  const { params: p, scaling } = readWeightsFile("--init", initFile);
  const { n } = paramSizes(p);
  if (given.length !== n) {
    throw new UsageError(`--x has ${given.length} values but the --init weights have ${n} inputs (rows of W1)`);
  }
  let x = given;
  if (flags.has("raw")) {
    if (scaling === null) {
      throw new UsageError(
        `--raw needs the min-max scaling of a run file, and --init ${initFile} has no scaling (plain weights, or a run trained with --no-scale)`,
      );
    }
    try {
      x = Array.from(applyMinMax(scaling, fromRows([given])).data);
    } catch (e) {
      throw new UsageError(`--x with --raw: ${(e as Error).message}`);
    }
  }
  const dq = derivationQuantities(backward(p, x));
  // A huge --x (or weights) overflows somewhere in the chain; say so rather than print Infinity or NaN.
  const all = [...dq.forward, dq.error, ...dq.factors, ...dq.gradients];
  const bad = all.find((q) => q.value.data.some((v) => !Number.isFinite(v)));
  if (bad !== undefined) {
    throw new UsageError(`--x ${xText}: ${bad.name} overflows to a non-finite value (values or weights too large)`);
  }
  process.stdout.write(flags.has("json") ? derivationJson(dq) : derivationTable(dq));
  return 0;
}
