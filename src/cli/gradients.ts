import { paramSizes } from "../model/params";
import { FACTORS, FACTOR_NOTATION } from "../derivation/factors";
import { backpropSample } from "../model/backward";
import { fromRows } from "../linalg/matrix";
import { applyMinMax } from "../data/min-max-scaling";
import { quote, quotePath } from "../format/quote";
import { UsageError, required, toggle, text, parseFlags, flagHelp, numberList } from "./args";
import { readWeights } from "./read-weights";
import { derivation, derivationTable, derivationJson } from "./derivation-output";

/**
 * `backprop-lab gradients`: one sample through backpropSample() (model/backward.ts), every factor printed. --x is
 * in the network's [0, 1] units; with --raw, in the data's, scaled with the run file's config.scaling as train did.
 */

const FLAGS = {
  init: required("FILE", "weights {W1, B1, W2, B2}, or a run file written by train (required)", text),
  x: required(
    "v1,v2,...",
    "the sample: n numbers, n = rows of W1 (required). They are taken in the\n" +
      "network's [0, 1] input units, as the model sees them: train min-max scales\n" +
      "the data, and --x is NOT scaled unless --raw is given",
    text,
  ),
  raw: toggle(
    "--x is in the data's original units (e.g. iris centimetres): scale it with the\n" +
      "run file's config.scaling first (--init must be a run file trained with scaling)",
  ),
  json: toggle('print JSON instead of a table (its "x" is the sample the network saw)'),
};

export function gradientsHelp(): string {
  return `Usage: backprop-lab gradients --init WEIGHTS.json --x 0.1,0.2,0.3 [--raw] [--json]

Runs the forward pass and the derivation-aligned backward pass for one sample x and prints E and
every factor and gradient of the chain rule with its shape, in the derivation's order:
${FACTORS.map((name) => FACTOR_NOTATION[name].label).join(", ")}.

${flagHelp(FLAGS)}`;
}

export function gradientsCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, FLAGS);
  if (flags === null) {
    process.stdout.write(gradientsHelp());
    return Promise.resolve(0);
  }
  const { init: initFile, x: xText } = flags;
  const given = numberList("--x", xText);
  const { params: p, scaling } = readWeights("--init", initFile);
  const { n } = paramSizes(p);
  if (given.length !== n) {
    throw new UsageError(`--x has ${given.length} values but the --init weights have ${n} inputs (rows of W1)`);
  }
  let x = given;
  if (flags.raw) {
    if (scaling === null) {
      throw new UsageError(
        `--raw needs the min-max scaling of a run file, and --init ${quotePath(initFile)} has no scaling (plain weights, or a run trained with --no-scale)`,
      );
    }
    try {
      x = Array.from(applyMinMax(scaling, fromRows([given])).data);
    } catch (e) {
      throw new UsageError(`--x with --raw: ${(e as Error).message}`);
    }
  }
  const d = derivation(backpropSample(p, x));
  // A huge --x (or weights) overflows somewhere in the chain; say so rather than print Infinity or NaN.
  const bad = Object.values(d)
    .flat()
    .find((q) => q.value.data.some((v) => !Number.isFinite(v)));
  if (bad !== undefined) {
    throw new UsageError(
      `--x ${quote(xText)}: ${bad.name} overflows to a non-finite value (values or weights too large)`,
    );
  }
  process.stdout.write(flags.json ? derivationJson(d) : derivationTable(d));
  return Promise.resolve(0);
}
