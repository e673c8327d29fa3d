/**
 * Where the project's tools live and the environment Jupyter runs in, shared by the report, the lab
 * launcher and the end-to-end tests.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

/**
 * The one place that says which Python runs Jupyter: the project's virtual environment, which
 * scripts/setup.sh fills from requirements.txt (JupyterLab, nbclient, nbconvert, nbformat, plotly's
 * JupyterLab extension). JUPYTER_PYTHON overrides it with a Python that has those installed.
 */
export const VENV_PYTHON = path.join(ROOT, ".venv", "bin", "python");
export const PYTHON = process.env.JUPYTER_PYTHON ?? VENV_PYTHON;

/** Debian's Chromium, driven by playwright-core. CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The committed kernelspec folder: jupyter/kernels/tslab runs node_modules/tslab, no global install needed. */
export const KERNELS_PATH = path.join(ROOT, "jupyter");

/** Jupyter's state for the report and the tests (trust database, runtime files), git-ignored. */
export const STATE_DIR = path.join(ROOT, ".jupyter");
export const DATA_DIR = path.join(STATE_DIR, "data");

/** JUPYTER_PATH with the project's kernelspec first, so it wins over any other kernel named "tslab". */
export function withProjectKernel(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = env.JUPYTER_PATH ? [env.JUPYTER_PATH] : [];
  return {
    ...env,
    JUPYTER_PATH: [KERNELS_PATH, ...existing].join(path.delimiter),
    // Python warns about frozen modules and the debugger on every Jupyter start (debugpy).
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

/** Jupyter's runtime files: connection files with kernel keys, and the lab server's token. */
export const RUNTIME_DIR = path.join(STATE_DIR, "runtime");

/**
 * The isolated environment of headless runs: project kernel, and every Jupyter directory under .jupyter/,
 * so nothing is read from or written to the user's home.
 *
 * The folders are the user's alone (0700, as Jupyter's own secure_write expects of its files' folder): the
 * runtime folder holds the lab's token and the kernels' keys, and the data folder the trust database, and on
 * a shared lab machine anyone who reads the token can run code as the student. Folders made earlier with
 * the default 0755 are tightened too.
 */
export function isolatedJupyterEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dirs = {
    JUPYTER_DATA_DIR: DATA_DIR,
    JUPYTER_CONFIG_DIR: path.join(STATE_DIR, "config"),
    JUPYTER_RUNTIME_DIR: RUNTIME_DIR,
  };
  for (const d of [STATE_DIR, ...Object.values(dirs)]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chmodSync(d, 0o700);
  }
  return { ...withProjectKernel(env), ...dirs };
}

/**
 * Makes every file in the runtime folder the user's alone (0600). Jupyter writes its connection and server
 * files that way itself, but the page that opens the browser with the token (jpserver-<pid>-open.html) with
 * the default 0644; the 0700 folder already keeps others out, and this keeps the file private if the folder
 * is ever opened up or copied.
 */
export function privateRuntimeFiles(): void {
  for (const f of readdirSync(RUNTIME_DIR, { withFileTypes: true }))
    if (f.isFile()) {
      const file = path.join(RUNTIME_DIR, f.name);
      try {
        // Only when needed: a chmod is itself a change that a watcher of the folder hears.
        if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
      } catch {
        // removed meanwhile (a kernel's connection file as it shuts down)
      }
    }
}

/** Throws a one-line explanation when the project's Jupyter, Chromium or poppler is missing. */
export function checkTools(needs: { python?: readonly string[]; chromium?: boolean; poppler?: boolean }): void {
  if (needs.python) {
    const imports = needs.python.join(", ");
    const r = spawnSync(PYTHON, ["-c", `import ${imports}`], { encoding: "utf8" });
    if (r.status !== 0)
      throw new Error(
        PYTHON === VENV_PYTHON && !existsSync(VENV_PYTHON)
          ? "no .venv/ with Jupyter: run bash scripts/setup.sh"
          : `${PYTHON} cannot import ${imports} (run bash scripts/setup.sh, or set JUPYTER_PYTHON to a Python with them)`,
      );
  }
  if (needs.chromium && !existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (on Debian: apt-get install chromium; or set CHROMIUM)`);
  if (needs.poppler) {
    // The PDF step reads the printed file back with these two (pdf.ts).
    for (const tool of ["pdfinfo", "pdftotext"]) {
      const r = spawnSync(tool, ["-v"], { encoding: "utf8" });
      if (r.error) throw new Error(`${tool} is missing (on Debian: apt-get install poppler-utils)`);
    }
  }
}
