/**
 * Compiles the library to dist/ (what `npm run build` does), for the scripts that need dist/ current
 * because the notebooks import it: the report, which stops on a failure, and the lab launcher, which
 * only warns.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./jupyter-env";

/** Runs tsc on tsconfig.json; null when it compiled, else tsc's first non-empty output line. */
export function buildLibrary(): string | null {
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json")], { encoding: "utf8" });
  if (r.error) return `cannot run tsc: ${r.error.message}`;
  if (r.status === 0) return null;
  return (`${r.stdout}${r.stderr}`.split("\n").find((l) => l.trim()) ?? `tsc exited with ${r.status}`).trim();
}
