/**
 * npm run lab: opens the notebooks in JupyterLab (from the project's .venv, see scripts/setup.sh) on
 * 127.0.0.1, with the project's TypeScript kernel (jupyter/kernels/tslab, found through JUPYTER_PATH), so
 * nothing has to be registered by hand. The library is compiled first, since notebooks import dist/.
 *
 * Jupyter's settings, trust database and runtime files are the project's (.jupyter/): the trust database is
 * the one `npm run report` signs the executed notebooks into, so report/*.ipynb opens trusted here.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { PYTHON, ROOT, isolatedJupyterEnv } from "./jupyter-env";
import { buildLibrary } from "./build-library";
import { labFlags } from "./nbserver";

const USAGE = `usage: npm run lab -- [--port N] [--no-build]
  --port N     the port to listen on (default: Jupyter's, 8888 or the next free one)
  --no-build   do not compile the library first`;

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      "no-build": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) fail(`--port must be a number, got "${values.port}"`);
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
  const child = spawn(PYTHON, args, { env: isolatedJupyterEnv(), stdio: ["inherit", "pipe", "pipe"] });
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

function fail(message: string): never {
  console.error(`lab: ${message}`);
  process.exit(1);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
