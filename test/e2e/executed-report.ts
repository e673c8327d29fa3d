/**
 * The one execution of the notebooks that every end-to-end test reads: `npm run report` into
 * .e2e/<key>/report, where the key is a hash of everything the report is made from (notebooks, data, the
 * compiled library, the scripts, the lock files). The first test file that asks runs it; the others find it
 * there, and so does the next `npm test` while nothing it depends on has changed. A lock folder keeps two
 * test processes from running it at once. Older keys are deleted when a new one is made.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../scripts/jupyter-env";
import { type Manifest, MANIFEST_NAME } from "../../scripts/report";

export const NB_DIR = path.join(ROOT, "notebooks");
const CACHE = path.join(ROOT, ".e2e");
const INPUTS = [
  "notebooks",
  "data",
  "dist",
  "scripts",
  "jupyter",
  "report.config.json",
  "package-lock.json",
  "requirements.txt",
];

export interface ExecutedReport {
  /** The report folder: executed .ipynb, .html, the PDF and report.json. */
  dir: string;
  manifest: Manifest;
  /** The notebooks' file names, in name order. */
  notebooks: string[];
  /** Seconds the report took, or null when it was already there. */
  seconds: number | null;
}

export function committedNotebooks(): string[] {
  return readdirSync(NB_DIR)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort();
}

function files(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .filter((f) => f !== "__pycache__" && f !== ".ipynb_checkpoints")
    .sort()
    .flatMap((f) => files(path.join(p, f)));
}

export function inputsKey(): string {
  const hash = createHash("sha256");
  for (const f of INPUTS.flatMap((p) => files(path.join(ROOT, p)))) {
    hash.update(path.relative(ROOT, f)).update("\0").update(readFileSync(f)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

export function executedReport(): ExecutedReport {
  const key = inputsKey();
  const dir = path.join(CACHE, key, "report");
  const manifestFile = path.join(dir, MANIFEST_NAME);
  const lock = path.join(CACHE, `${key}.lock`);
  mkdirSync(CACHE, { recursive: true });
  let seconds: number | null = null;
  while (!existsSync(manifestFile)) {
    try {
      mkdirSync(lock);
    } catch {
      // another test process is running the report; wait for it (a stale lock older than 15 min is taken over)
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 900_000) rmSync(lock, { recursive: true, force: true });
      sleep(500);
      continue;
    }
    try {
      if (existsSync(manifestFile)) break;
      for (const old of readdirSync(CACHE))
        if (old !== key && !old.endsWith(".lock")) rmSync(path.join(CACHE, old), { recursive: true, force: true });
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "scripts", "report.ts"), "--out", dir, "--no-build"],
        { cwd: ROOT, encoding: "utf8", timeout: 600_000 },
      );
      if (r.status !== 0)
        throw new Error(`npm run report failed (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
      seconds = (performance.now() - t0) / 1000;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  return { dir, manifest, notebooks: committedNotebooks(), seconds };
}
