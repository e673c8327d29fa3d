import { readFileSync } from "node:fs";
import { type Params, paramsFromJson } from "../model/params";
import { UsageError } from "./usage-error";

/**
 * Reads the weights given with --init: either a weights object {W1, B1, W2, B2} or a whole run file
 * written by `train` (its "weights" are taken), so a finished run can seed another run or be inspected.
 * Every problem is a UsageError naming the flag and the file.
 */
export function readWeights(flag: string, file: string): Params {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code})`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (typeof value === "object" && value !== null && "weights" in value) value = value.weights;
  try {
    return paramsFromJson(value);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: ${(e as Error).message}`);
  }
}
