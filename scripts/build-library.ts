/**
 * Compiles the library to dist/ (what `npm run build` does), for the scripts that need dist/ current
 * because the notebooks import it: the report, which stops on a failure, and the lab launcher, which
 * only warns. tsc is skipped when dist/ is already newer than everything it is built from.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./jupyter-env";

/** Runs tsc on tsconfig.json unless dist/ is current; null when it compiled, else tsc's first non-empty output line. */
export function buildLibrary(): string | null {
  if (isBuildCurrent()) return null;
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json")], { encoding: "utf8" });
  if (r.error) return `cannot run tsc: ${r.error.message}`;
  if (r.status === 0) return null;
  return (`${r.stdout}${r.stderr}`.split("\n").find((l) => l.trim()) ?? `tsc exited with ${r.status}`).trim();
}

/**
 * True when every compiled file in dist/ is newer than every source file and folder in src/ (a folder's time
 * changes when a file in it is added, removed or renamed) and than the compiler settings. tsc rewrites every
 * output on each build, so the oldest output dates the last build.
 */
export function isBuildCurrent(root: string = ROOT): boolean {
  const dist = path.join(root, "dist");
  if (!existsSync(path.join(dist, "index.js"))) return false;
  const outputs = walk(dist).filter((f) => f.endsWith(".js"));
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const src = path.join(root, "src");
  const inputs = [src, ...walk(src, true), path.join(root, "tsconfig.json"), path.join(root, "package.json")];
  const changed = Math.max(...inputs.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
  return built > changed;
}

/** Files under a folder, recursively (and the folders themselves when asked). */
function walk(dir: string, withFolders = false): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (withFolders) out.push(p);
      out.push(...walk(p, withFolders));
    } else out.push(p);
  }
  return out;
}
