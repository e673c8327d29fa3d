/**
 * npm run lab: opens the notebooks in JupyterLab (from the project's .venv, see scripts/setup.sh) on
 * 127.0.0.1, with the project's TypeScript kernel (jupyter/kernels/tslab, found through JUPYTER_PATH), so
 * nothing has to be registered by hand. The library is compiled first, since notebooks import dist/.
 *
 * Jupyter's settings, trust database and runtime files are the project's (.jupyter/): the trust database is
 * the one `npm run report` signs the executed notebooks into, so report/*.ipynb opens trusted here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PYTHON, ROOT, RUNTIME_DIR, isolatedJupyterEnv, privateRuntimeFiles } from "./jupyter-env";
import { buildLibrary } from "./build-library";
import { labFlags } from "./nbserver";
import { descendants, isAlive, signal } from "./process-tree";

const USAGE = `usage: npm run lab -- [--port N] [--no-build]
  --port N     the port to listen on (default: Jupyter's, 8888 or the next free one)
  --no-build   do not compile the library first`;

function main(argv: string[]): void {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        "no-build": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    return fail(`${e instanceof Error ? e.message.split("\n")[0] : String(e)} (see npm run lab -- --help)`, 2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // Jupyter takes any number and, past 65535, listens elsewhere while printing an address nobody answers at.
  if (
    values.port !== undefined &&
    (!/^\d+$/.test(values.port) || Number(values.port) < 1 || Number(values.port) > 65535)
  )
    fail(`--port must be a whole number from 1 to 65535, got "${values.port}"`, 2);
  if (!existsSync(PYTHON))
    fail(`no Python at ${PYTHON}: run bash scripts/setup.sh (it installs JupyterLab into .venv/)`);

  if (!values["no-build"]) {
    const error = buildLibrary();
    if (error !== null) console.warn(`lab: warning: the library has compile errors (npm run build): ${error}`);
  }

  const args = [
    "-m",
    "jupyterlab",
    ...labFlags(),
    `--ServerApp.root_dir=${ROOT}`,
    ...(values.port ? [`--port=${values.port}`] : []),
  ];
  console.log(`lab: starting JupyterLab (${PYTHON} -m jupyterlab) in ${ROOT}`);
  console.log('lab: kernel "TypeScript (project tslab)" from jupyter/kernels; open notebooks/ and run the cells');
  // Detached: JupyterLab gets a process group of its own, so a Ctrl-C in the terminal reaches only this
  // process, which then stops JupyterLab and its kernels in order (stopAll). The project's lab settings
  // (jupyter/labconfig: no news toast) are found through JUPYTER_CONFIG_PATH.
  const env = isolatedJupyterEnv();
  env.JUPYTER_CONFIG_PATH = [
    path.join(ROOT, "jupyter"),
    ...(env.JUPYTER_CONFIG_PATH ? [env.JUPYTER_CONFIG_PATH] : []),
  ].join(path.delimiter);
  // Each file Jupyter puts in the runtime folder (the page with the token among them) is made 0600 as it
  // appears; the folder itself is 0700 already, so no one else can reach a file in the moment before.
  watch(RUNTIME_DIR, () => privateRuntimeFiles()).unref();
  const child = spawn(PYTHON, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let shown = false;
  const echo = (stream: NodeJS.WriteStream) => (d: Buffer) => {
    stream.write(d);
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*token=\w+)/.exec(d.toString());
    if (m && !shown) {
      shown = true;
      console.log(`\nlab: open ${m[1]}\n`);
    }
  };
  child.stdout.on("data", echo(process.stdout));
  child.stderr.on("data", echo(process.stderr));
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\nlab: stopping JupyterLab and its kernels (${sig})`);
    void stopAll(child).then(() => process.exit(sig === "SIGINT" ? 130 : sig === "SIGHUP" ? 129 : 143));
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => onSignal(sig));
  // `kill` of the npm process ends npm and its shell without passing the signal on: this process is then
  // orphaned (its parent changes), and stops everything as if it had been signalled itself.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) onSignal("SIGHUP");
  }, 500).unref();
  child.on("error", (e) => fail(`cannot start ${PYTHON}: ${e.message}`));
  child.on("exit", (code, sig) => {
    if (!stopping) process.exit(code ?? (sig ? 1 : 0));
  });
}

/**
 * Stops JupyterLab (SIGTERM: it shuts its kernels down without asking) and then whatever it started that is
 * still running: its kernels live in sessions of their own, out of reach of its process group.
 */
async function stopAll(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) return;
  const started = descendants(pid);
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const within = (ms: number, done: Promise<void>): Promise<boolean> =>
    Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  signal(-pid, "SIGTERM");
  if (!(await within(10_000, gone))) signal(-pid, "SIGKILL");
  const left = (): number[] => started.filter(isAlive);
  for (const p of left()) signal(p, "SIGTERM");
  for (let t = 0; t < 30 && left().length > 0; t++) await new Promise((r) => setTimeout(r, 100));
  for (const p of left()) signal(p, "SIGKILL");
}

/** One line and exit: status 2 for a bad flag, 1 for anything else. */
function fail(message: string, status = 1): never {
  console.error(`lab: ${message}`);
  process.exit(status);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
