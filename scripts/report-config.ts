/**
 * report.config.json: what the title page says, and whether the hand-in prints code. The student edits it;
 * every field is optional. An empty or missing date means the day the report is made.
 */
import { existsSync } from "node:fs";
import { readTextFile } from "../src/data/text-file";
import { UsageError } from "./report-out";

export interface ReportConfig {
  title: string;
  author: string;
  course: string;
  /** As printed on the title page. */
  date: string;
  /** Print the code cells in the hand-in too (the lab book always has them). */
  showCode: boolean;
}

export const CONFIG_NAME = "report.config.json";

/** A title page's worth of settings is a few hundred bytes; anything past this is not a config file. */
const MAX_CONFIG_BYTES = 1 << 20;

const DEFAULTS = { title: "backprop-lab report", author: "", course: "", date: "", showCode: false };

/** Reads the config (defaults when the file is missing); a malformed file is a UsageError naming the field. */
export function readConfig(file: string, today: Date = new Date()): ReportConfig {
  let raw: unknown = {};
  if (existsSync(file)) {
    let text: string;
    try {
      // The CLI's bounded reader: a folder, the zero device or a binary file is one clear error, not a hang.
      text = readTextFile(file, MAX_CONFIG_BYTES);
    } catch (e) {
      throw new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse takes for a stray character.
      raw = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
      throw new UsageError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new UsageError(`${file} must hold one JSON object, e.g. {"title": "…", "author": "…"}`);
  const obj = raw as Record<string, unknown>;
  const known = Object.keys(DEFAULTS);
  if (Object.hasOwn(obj, "hideCode"))
    throw new UsageError(`${file}: "hideCode" is gone: code is hidden in the hand-in unless "showCode" is true`);
  const unknown = Object.keys(obj).find((k) => !known.includes(k));
  if (unknown !== undefined) throw new UsageError(`${file}: unknown field "${unknown}" (fields: ${known.join(", ")})`);
  const text = (k: "title" | "author" | "course" | "date"): string => {
    const v = Object.hasOwn(obj, k) ? obj[k] : DEFAULTS[k];
    if (typeof v !== "string") throw new UsageError(`${file}: "${k}" must be a string`);
    return v.trim();
  };
  const showCode = Object.hasOwn(obj, "showCode") ? obj.showCode : DEFAULTS.showCode;
  if (typeof showCode !== "boolean") throw new UsageError(`${file}: "showCode" must be true or false`);
  return {
    title: text("title") || DEFAULTS.title,
    author: text("author"),
    course: text("course"),
    date: text("date") || longDate(today),
    showCode,
  };
}

/** "26 November 2026": unambiguous in every locale. */
export function longDate(d: Date): string {
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}
