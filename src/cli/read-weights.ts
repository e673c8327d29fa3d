import { type Params, paramsFromJson, paramSizes } from "../model/params";
import { type MinMaxScaling } from "../data/min-max-scaling";
import { readTextFile } from "../data/text-file";
import { quoteBare, quotePath } from "../format/quote";
import { UsageError } from "./args";

/** What a weights file given with --init holds: the weights, and the run's scaling when it is a run file. */
export interface WeightsFile {
  params: Params;
  /** The run file's config.scaling (with its columns), or null: plain weights, or a run trained with --no-scale. */
  scaling: MinMaxScaling | null;
}

/**
 * Reads the weights given with --init: either a weights object {W1, B1, W2, B2} or a whole run file
 * written by `train` (its "weights" are taken, with its config.scaling checked: n finite min < max pairs),
 * so a finished run can seed another run or be inspected. Every problem is a UsageError naming the flag and the file.
 */
export function readWeights(flag: string, file: string): WeightsFile {
  const fail = (problem: string): UsageError => new UsageError(`${flag} ${quotePath(file)}: ${problem}`);
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(file));
  } catch (e) {
    const message = (e as Error).message.split("\n")[0];
    // V8's message can quote the file's text: escaped and shortened like any user text.
    throw fail(e instanceof SyntaxError ? `not valid JSON (${quoteBare(message, 120)})` : message);
  }
  const run = typeof value === "object" && value !== null && "weights" in value ? value : null;
  let params: Params;
  try {
    params = paramsFromJson(run === null ? value : run.weights);
  } catch (e) {
    throw fail((e as Error).message);
  }
  const { n } = paramSizes(params);
  const scaling = run !== null && "config" in run ? runScaling(run.config, n) : null;
  if (scaling === "invalid") throw fail(`config.scaling must hold ${n} finite min < max pairs (one per input)`);
  return { params, scaling };
}

/** A run file's {min, max} (null with --no-scale), or "invalid" when it does not fit n inputs. */
function runScaling(config: unknown, n: number): MinMaxScaling | null | "invalid" {
  if (typeof config !== "object" || config === null || !("scaling" in config)) return null;
  const s = config.scaling;
  if (s === null || s === undefined) return null;
  if (typeof s !== "object" || !("min" in s) || !("max" in s)) return "invalid";
  const { min, max } = s;
  const numbers = (a: unknown): a is number[] =>
    Array.isArray(a) && a.length === n && a.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!numbers(min) || !numbers(max) || min.some((lo, j) => !(max[j] > lo))) return "invalid";
  const names = "columns" in config ? config.columns : null;
  const columns =
    Array.isArray(names) && names.length === n && names.every((c) => typeof c === "string")
      ? (names as string[])
      : min.map((_, j) => `input ${j + 1}`);
  return { columns, min, max };
}
