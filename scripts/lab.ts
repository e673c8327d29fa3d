/**
 * npm run lab: opens the notebooks in JupyterLab where it is installed, else in the classic Notebook,
 * on 127.0.0.1, with the project's TypeScript kernel (jupyter/kernels/tslab, found through JUPYTER_PATH),
 * so nothing has to be registered by hand. The library is compiled first, since notebooks import dist/.
 *
 * Your own Jupyter settings and extensions stay in use; only the trust database is the project's
 * (.jupyter/data), the one `npm run report` signs the executed notebooks into, so report/*.ipynb opens
 * trusted here.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { DATA_DIR, PYTHON, ROOT, withProjectKernel } from "./jupyter-env";
import { buildLibrary } from "./build-library";

interface FrontEnd {
  name: string;
  command: string;
  args: string[];
}

const USAGE = `usage: npm run lab -- [--classic] [--port N] [--no-build]
  --classic    the classic Notebook even where JupyterLab is installed
  --port N     the port to listen on (default: Jupyter's, 8888 or the next free one)
  --no-build   do not compile the library first`;

/** The first front end that answers --version: JupyterLab, then the classic Notebook. */
function findFrontEnd(classic: boolean, env: NodeJS.ProcessEnv): FrontEnd | null {
  const candidates: FrontEnd[] = [
    { name: "JupyterLab", command: "jupyter", args: ["lab"] },
    { name: "JupyterLab", command: PYTHON, args: ["-m", "jupyterlab"] },
    { name: "the classic Notebook", command: "jupyter", args: ["notebook"] },
    { name: "the classic Notebook", command: PYTHON, args: ["-m", "notebook"] },
  ];
  for (const c of candidates) {
    if (classic && c.name === "JupyterLab") continue;
    const r = spawnSync(c.command, [...c.args, "--version"], { env, encoding: "utf8", timeout: 30_000 });
    if (r.status === 0) return c;
  }
  return null;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      classic: { type: "boolean", default: false },
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

  if (!values["no-build"]) {
    const error = buildLibrary();
    if (error !== null) console.warn(`lab: warning: the library has compile errors (npm run build): ${error}`);
  }

  const env = withProjectKernel(process.env);
  const front = findFrontEnd(values.classic, env);
  if (!front)
    fail(
      "neither JupyterLab nor the classic Notebook is installed (Debian: apt-get install python3-notebook; " +
        "or pip install jupyterlab)",
    );
  mkdirSync(DATA_DIR, { recursive: true });
  const args = [
    ...front.args,
    "--ip=127.0.0.1",
    `--notebook-dir=${ROOT}`,
    `--NotebookNotary.data_dir=${DATA_DIR}`,
    ...(values.port ? [`--port=${values.port}`] : []),
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  console.log(`lab: starting ${front.name} (${[front.command, ...front.args].join(" ")}) in ${ROOT}`);
  console.log('lab: kernel "TypeScript (project tslab)" from jupyter/kernels; open notebooks/ and run the cells');
  const child = spawn(front.command, args, { env, stdio: ["inherit", "pipe", "pipe"] });
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
  child.on("error", (e) => fail(`cannot start ${front.command}: ${e.message}`));
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
