/**
 * npm run assignment: builds the student version of the assignment notebook with nbgrader.
 *
 *   assignment/source/backprop/backprop.ipynb   the instructor's notebook, solutions between BEGIN/END SOLUTION
 *   assignment/release/backprop/backprop.ipynb  what students get: solutions replaced by a stub, outputs cleared
 *
 * assignment/ is the nbgrader course directory (its nbgrader_config.py adds the TypeScript stub). The
 * notebook imports the library as "backprop-lab", the way a student who installed it imports it; inside this
 * repository, assignment/node_modules/backprop-lab (git-ignored) points at the package root so the same
 * import resolves here. docs/instructors.md says how to hand it out and grade it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from "node:fs";
import path from "node:path";
import { PYTHON, ROOT, checkTools, isolatedJupyterEnv } from "./jupyter-env";

export const ASSIGNMENT = "backprop";
export const COURSE_DIR = path.join(ROOT, "assignment");

/** Makes `import … from "backprop-lab"` resolve from notebooks under `courseDir` to this package. */
export function linkLibrary(courseDir: string): void {
  const link = path.join(courseDir, "node_modules", "backprop-lab");
  const target = path.relative(path.dirname(link), ROOT);
  mkdirSync(path.dirname(link), { recursive: true });
  if (existsSync(link) || isSymlink(link)) {
    if (isSymlink(link) && readlinkSync(link) === target) return;
    throw new Error(`assignment: ${link} exists and is not a link to this package; remove it and run again`);
  }
  symlinkSync(target, link, "dir");
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Runs one nbgrader command in a course directory (its nbgrader_config.py is read from there). */
export function nbgrader(courseDir: string, args: readonly string[]): { status: number; output: string } {
  const env = isolatedJupyterEnv();
  // nbgrader creates its gradebook by running the `alembic` command, installed beside the Python that runs it.
  env.PATH = [path.dirname(PYTHON), env.PATH ?? ""].join(path.delimiter);
  const r = spawnSync(PYTHON, ["-m", "nbgrader", ...args, `--CourseDirectory.root=${courseDir}`], {
    cwd: courseDir,
    env,
    encoding: "utf8",
  });
  return { status: r.status ?? 1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** The student version of the assignment, in courseDir/release/backprop/. */
export function buildRelease(courseDir: string): string {
  linkLibrary(courseDir);
  const r = nbgrader(courseDir, ["generate_assignment", ASSIGNMENT, "--force"]);
  if (r.status !== 0) throw new Error(`assignment: nbgrader generate_assignment failed:\n${r.output}`);
  return path.join(courseDir, "release", ASSIGNMENT);
}

if (require.main === module) {
  try {
    checkTools({ python: ["nbgrader"] });
    const out = buildRelease(COURSE_DIR);
    console.log(`assignment: the student version is in ${path.relative(process.cwd(), out) || "."}/`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
