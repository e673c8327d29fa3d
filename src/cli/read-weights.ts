import { type Params, paramsFromJson, paramSizes } from "../model/params";
import { type MinMaxScaling } from "../data/min-max-scaling";
import { readTextFile } from "../data/text-file";
import { quoteBare, quotePath } from "../data/quote";
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
  const name = `${flag} ${quotePath(file)}`;
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8's message can quote the file's text: escaped and shortened like any user text.
    throw new UsageError(`${name}: not valid JSON (${quoteBare((e as Error).message.split("\n")[0], 120)})`);
  }
  let config: unknown = null;
  if (typeof value === "object" && value !== null && "weights" in value) {
    config = "config" in value ? value.config : null;
    value = value.weights;
  }
  let params: Params;
  try {
    params = paramsFromJson(value);
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
  const { n } = paramSizes(params);
  const scaling = typeof config === "object" && config !== null ? runScaling(config, n) : null;
  if (scaling === "invalid") {
    throw new UsageError(`${name}: config.scaling must hold ${n} finite min < max pairs (one per input)`);
  }
  return { params, scaling };
}

/** A run file's {min, max} (null with --no-scale), or "invalid" when it does not fit n inputs. */
function runScaling(config: object, n: number): MinMaxScaling | null | "invalid" {
  const s = "scaling" in config ? config.scaling : null;
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
