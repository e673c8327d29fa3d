/**
 * Where the report may write. `--out` names a folder the report owns: one that does not exist yet, an empty
 * one, or one a previous report made (its report.json says so and lists every entry). Anything else is
 * refused before any work, so a mistyped `--out` can never replace a student's files. The new report is
 * built in a temporary folder beside the target and swapped in with two renames; temporary folders carry
 * their owner's pid, so one left by a killed run is removed by the next.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { isAlive } from "./process-tree";

/** Written into report.json; a folder whose report.json has it was made by this command. */
export const GENERATOR = "backprop-lab report";
export const MANIFEST_NAME = "report.json";

/** A refused flag or value: one line, exit status 2. */
export class UsageError extends Error {}

/** Folders of the project that hold its sources or data: never a report target, nor anything inside them. */
const PROTECTED = [
  "notebooks",
  "src",
  "data",
  "scripts",
  "test",
  "dist",
  "jupyter",
  "bench",
  "node_modules",
  ".git",
  ".jupyter",
  ".venv",
];

/** The shape report.json must have for its folder to count as a previous report. */
export interface ReportMark {
  generator: typeof GENERATOR;
  /** Every entry the report wrote into its folder. */
  files: string[];
}

/**
 * Checks `--out` and returns the folder to write, with symlinks resolved. Throws UsageError naming what
 * is wrong. `root` is the project folder, `notebooks` the folder the notebooks are read from.
 */
export function checkOutFolder(outArg: string, root: string, notebooks: string): string {
  if (outArg.trim() === "") throw new UsageError("--out is empty");
  const shown = JSON.stringify(outArg.length > 60 ? `${outArg.slice(0, 57)}...` : outArg);
  const refuse = (why: string): never => {
    throw new UsageError(`--out ${shown} refused: ${why}; choose a new folder (or a previous report's)`);
  };
  const target = resolveReal(path.resolve(outArg), refuse);
  const rootReal = realpathSync(root);
  const nbReal = existsSync(notebooks) ? realpathSync(notebooks) : path.resolve(notebooks);

  if (target === rootReal) refuse("it is the project folder");
  if (isInside(rootReal, target)) refuse("it contains the project");
  if (target === nbReal || isInside(target, nbReal)) refuse("it is the notebooks folder");
  if (isInside(nbReal, target)) refuse("it contains the notebooks");
  for (const p of PROTECTED) {
    const dir = path.join(rootReal, p);
    if (target === dir || isInside(target, dir)) refuse(`it is inside the project's ${p}/`);
  }

  if (existsSync(target)) {
    const st = statSync(target);
    if (!st.isDirectory()) refuse(st.isFile() ? "it is a file" : "it is not a folder");
    const entries = readdirSync(target);
    if (entries.length > 0) {
      const mark = readMark(path.join(target, MANIFEST_NAME));
      if (!mark) return refuse(`it is a folder with files in it and no ${MANIFEST_NAME} from a previous report`);
      const listed = mark.files;
      const unknown = entries.find((e) => !listed.includes(e));
      if (unknown !== undefined) refuse(`it holds "${unknown}", which the previous report did not write`);
    }
  }
  const parent = nearestExisting(path.dirname(target));
  if (!statSync(parent).isDirectory()) refuse(`${parent} is not a folder`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    refuse(`${parent} is not writable`);
  }
  return target;
}

/** The path with every existing part's symlinks resolved (the missing tail kept as typed). */
function resolveReal(abs: string, refuse: (why: string) => never): string {
  let lst;
  try {
    lst = lstatSync(abs);
  } catch {
    lst = null;
  }
  if (lst) {
    try {
      return realpathSync(abs);
    } catch {
      return refuse("it is a symlink to nothing");
    }
  }
  const parent = path.dirname(abs);
  if (parent === abs) return abs;
  return path.join(resolveReal(parent, refuse), path.basename(abs));
}

function nearestExisting(p: string): string {
  let q = p;
  while (!existsSync(q) && path.dirname(q) !== q) q = path.dirname(q);
  return q;
}

/** True when `inner` is strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The mark of a previous report, or null. Reports written before the mark existed are recognised by their manifest. */
export function readMark(file: string): ReportMark | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.generator === GENERATOR && Array.isArray(m.files) && m.files.every((f) => typeof f === "string"))
    return { generator: GENERATOR, files: m.files as string[] };
  // The first reports' manifest: {pdf, notebooks: [{notebook, html}], …} and nothing else in the folder.
  if (m.pdf === "backprop-lab-report.pdf" && Array.isArray(m.notebooks)) {
    const files = [MANIFEST_NAME, m.pdf];
    for (const n of m.notebooks as unknown[]) {
      if (typeof n !== "object" || n === null) return null;
      const { notebook, html } = n as Record<string, unknown>;
      if (typeof notebook !== "string" || typeof html !== "string") return null;
      files.push(notebook, html);
    }
    return { generator: GENERATOR, files };
  }
  return null;
}

/**
 * The part of a temporary name taken from `--out`'s own name. A file name may have at most 255 bytes
 * (NAME_MAX), and the temporary name adds up to 27 (".", "-pid-", 8 hex digits, "-old.tmp"), so a long name
 * is shortened to 200 bytes, its end replaced by a hash of the whole so two long names stay apart.
 */
export function tmpStem(base: string): string {
  if (Buffer.byteLength(base) <= 200) return base;
  let head = "";
  for (const ch of base) {
    if (Buffer.byteLength(head + ch) > 190) break;
    head += ch;
  }
  return `${head}~${createHash("sha256").update(base).digest("hex").slice(0, 8)}`;
}

const TMP = (base: string): RegExp =>
  new RegExp(`^\\.${escapeRegExp(tmpStem(base))}-(\\d+)-[0-9a-f]{8}(?:-old)?\\.tmp$`);

/** A new, empty temporary folder beside `out`, named for this process. */
export function makeWorkFolder(out: string): string {
  return path.join(
    path.dirname(out),
    `.${tmpStem(path.basename(out))}-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
}

/** Removes temporary folders beside `out` left by report runs whose process is gone; returns their names. */
export function removeStaleWork(out: string): string[] {
  const dir = path.dirname(out);
  if (!existsSync(dir)) return [];
  const re = TMP(path.basename(out));
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = re.exec(name);
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Replaces `out` by `work` with two renames, removing the old report only once the new one is in place. */
export function swapIn(work: string, out: string): void {
  let old: string | null = null;
  if (existsSync(out)) {
    old = path.join(
      path.dirname(out),
      `.${tmpStem(path.basename(out))}-${process.pid}-${randomBytes(4).toString("hex")}-old.tmp`,
    );
    renameSync(out, old);
  }
  renameSync(work, out);
  if (old) rmSync(old, { recursive: true, force: true });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
