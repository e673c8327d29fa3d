/**
 * The page's controls as text (form fields, the URL hash) and back, with the limits that keep a retrain in
 * a reader's browser short and meaningful. Pure, so the same rules are tested in Node.
 */
import { type EmbeddedRun, MAX_EPOCHS, MAX_HIDDEN, PAGE_METHODS, type PageMethod, isPageMethod } from "./embedded-run";

/** What the page's controls change. */
export interface RetrainSettings {
  method: PageMethod;
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
  hidden: number;
}

/** The settings the notebook trained with. */
export function runSettings(run: EmbeddedRun): RetrainSettings {
  const { method, epochs, lr, batchSize, seed, hidden } = run;
  return { method, epochs, lr, batchSize, seed, hidden };
}

export type SettingName = keyof RetrainSettings;
export const SETTING_NAMES: readonly SettingName[] = ["lr", "epochs", "seed", "hidden", "batchSize", "method"];

export const MAX_SEED = 2 ** 32 - 1;

export type Parsed = { settings: RetrainSettings; errors: Partial<Record<SettingName, string>> };

/** Reads the fields; a field that is not valid keeps the fallback's value and gets a message. */
export function parseSettings(
  fields: Partial<Record<SettingName, string>>,
  fallback: RetrainSettings,
  trainRows: number,
): Parsed {
  const settings = { ...fallback };
  const errors: Parsed["errors"] = {};
  const integer = (name: "epochs" | "seed" | "hidden" | "batchSize", min: number, max: number): void => {
    const text = fields[name];
    if (text === undefined) return;
    const v = Number(text.trim());
    if (text.trim() === "" || !Number.isInteger(v) || v < min || v > max)
      errors[name] = `a whole number from ${min} to ${max}`;
    else settings[name] = v;
  };
  integer("epochs", 0, MAX_EPOCHS);
  integer("seed", 0, MAX_SEED);
  integer("hidden", 1, MAX_HIDDEN);
  integer("batchSize", 1, trainRows);
  if (fields.lr !== undefined) {
    const v = Number(fields.lr.trim());
    if (fields.lr.trim() === "" || !(v > 0) || !Number.isFinite(v)) errors.lr = "a positive number";
    else settings.lr = v;
  }
  if (fields.method !== undefined) {
    if (isPageMethod(fields.method)) settings.method = fields.method;
    else errors.method = `one of ${PAGE_METHODS.join(", ")}`;
  }
  return { settings, errors };
}

export function settingsToFields(s: RetrainSettings): Record<SettingName, string> {
  return {
    lr: String(s.lr),
    epochs: String(s.epochs),
    seed: String(s.seed),
    hidden: String(s.hidden),
    batchSize: String(s.batchSize),
    method: s.method,
  };
}

/**
 * The URL hash holds, for each figure whose settings differ from the notebook's, those that differ:
 * "#blfig-0a1b2c.lr=0.5&blfig-0a1b2c.seed=3". Entries of other figures, and anything else, are kept as they are.
 */
export function readHash(hash: string, figureId: string): Partial<Record<SettingName, string>> {
  const fields: Partial<Record<SettingName, string>> = {};
  for (const [key, value] of new URLSearchParams(hash.replace(/^#/, ""))) {
    const dot = key.lastIndexOf(".");
    const name = key.slice(dot + 1);
    if (key.slice(0, dot) === figureId && (SETTING_NAMES as readonly string[]).includes(name))
      fields[name as SettingName] = value;
  }
  return fields;
}

export function writeHash(hash: string, figureId: string, settings: RetrainSettings, run: EmbeddedRun): string {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  for (const key of [...params.keys()]) if (key.startsWith(`${figureId}.`)) params.delete(key);
  const now = settingsToFields(settings);
  const notebook = settingsToFields(runSettings(run));
  for (const name of SETTING_NAMES) if (now[name] !== notebook[name]) params.set(`${figureId}.${name}`, now[name]);
  const text = params.toString();
  return text === "" ? "" : `#${text}`;
}
