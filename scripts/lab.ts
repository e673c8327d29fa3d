/**
 * npm run lab: opens the notebooks in JupyterLab (from the project's .venv, see scripts/setup.sh) on
 * 127.0.0.1, with the project's TypeScript kernel (jupyter/kernels/tslab, found through JUPYTER_PATH), so
 * nothing has to be registered by hand. The library is compiled first, since notebooks import dist/.
 *
 * Jupyter's settings, trust database and runtime files are the project's (.jupyter/): the trust database is
 * the one `npm run report` signs the executed notebooks into, so report/*.ipynb opens trusted here.
 */
import { spawn } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { parseArgs } from "node:util";
import { PYTHON, ROOT, RUNTIME_DIR, isolatedJupyterEnv, privateRuntimeFiles } from "./jupyter-env";
import { buildLibrary } from "./build-library";
import { labFlags } from "./nbserver";

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
  const env = isolatedJupyterEnv();
  // Each file Jupyter puts in the runtime folder (the page with the token among them) is made 0600 as it
  // appears; the folder itself is 0700 already, so no one else can reach a file in the moment before.
  watch(RUNTIME_DIR, () => privateRuntimeFiles()).unref();
  const child = spawn(PYTHON, args, { env, stdio: ["inherit", "pipe", "pipe"] });
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
  // Signals go on to Jupyter, which then shuts its kernels down. (Ctrl-C in a terminal reaches it twice,
  // directly and through here, which Jupyter takes as "stop without asking".)
  process.on("SIGINT", () => child.kill("SIGINT"));
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("error", (e) => fail(`cannot start ${PYTHON}: ${e.message}`));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
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
