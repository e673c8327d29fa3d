import { paramSizes } from "../model/params";
import { backward } from "../model/backward";
import { Flags } from "./flags";
import { numberList } from "./flag-values";
import { UsageError } from "./usage-error";
import { readWeights } from "./read-weights";
import { derivationQuantities } from "./derivation-quantities";
import { derivationTable, derivationJson } from "./derivation-output";
import { gradientsHelp } from "./help-text";

const SPEC = { init: "value", x: "value", json: "switch" } as const;

/** `backprop-lab gradients`: one sample through backward() from model/backward.ts, every factor printed. */
export function gradientsCommand(args: readonly string[]): number {
  const flags = Flags.parse(args, SPEC);
  if (flags.has("help")) {
    process.stdout.write(gradientsHelp());
    return 0;
  }
  const initFile = flags.required("init");
  const x = numberList("--x", flags.required("x"));
  const p = readWeights("--init", initFile);
  const { n } = paramSizes(p);
  if (x.length !== n) {
    throw new UsageError(`--x has ${x.length} values but the --init weights have ${n} inputs (rows of W1)`);
  }
  const dq = derivationQuantities(backward(p, x));
  process.stdout.write(flags.has("json") ? derivationJson(dq) : derivationTable(dq));
  return 0;
}
