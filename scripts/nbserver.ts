/**
 * JupyterLab from the project's .venv on 127.0.0.1, a free port and a random token, with the project's
 * kernel and isolated Jupyter directories: the real front end the end-to-end test drives with a browser.
 * stop() shuts its kernels down and ends it; always call it (in a finally).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { PYTHON, isolatedJupyterEnv } from "./jupyter-env";

export interface LabServer {
  /** http://127.0.0.1:PORT */
  base: string;
  token: string;
  /** The URL of a path on the server, token included, e.g. url("notebooks/a.ipynb"). */
  url(pathname: string): string;
  /** The server's process id (also its process group: kernels it started go down with it). */
  pid: number;
  /** The server's log so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** The flags `npm run lab` and the tests share: local only, no calls home, root allowed (CI runs as root). */
export function labFlags(): string[] {
  return [
    "--ip=127.0.0.1",
    // No news feed and no update check: both would reach the network.
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
}

/** JupyterLab settings for runs without a person: no "get notified about Jupyter news?" prompt, no news fetched. */
const UNATTENDED_SETTINGS: Record<string, object> = {
  "@jupyterlab/apputils-extension/notification.jupyterlab-settings": { fetchNews: "false" },
};

/**
 * Starts JupyterLab serving `dir`. Its workspace (open tabs, layout) and user settings live in a fresh
 * temporary folder, so one run's tabs never reopen in the next and no prompt waits for an answer.
 */
export async function startLabServer(
  dir: string,
  options: { extraArgs?: readonly string[]; timeoutMs?: number } = {},
): Promise<LabServer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const state = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-lab-"));
  const workspaces = path.join(state, "workspaces");
  const settings = path.join(state, "settings");
  for (const [file, value] of Object.entries(UNATTENDED_SETTINGS)) {
    mkdirSync(path.dirname(path.join(settings, file)), { recursive: true });
    writeFileSync(path.join(settings, file), JSON.stringify(value));
  }
  const args = [
    "-m",
    "jupyterlab",
    "--no-browser",
    ...labFlags(),
    `--port=${port}`,
    "--port-retries=0",
    `--ServerApp.root_dir=${dir}`,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(PYTHON, args, {
    // The token by environment, not argument: any user can read a process's arguments (ps), only its owner
    // its environment.
    env: {
      ...isolatedJupyterEnv(),
      JUPYTER_TOKEN: token,
      JUPYTERLAB_WORKSPACES_DIR: workspaces,
      JUPYTERLAB_SETTINGS_DIR: settings,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() can end it and anything it left behind
  });
  let log = "";
  const append = (d: Buffer): void => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const server: LabServer = {
    base,
    token,
    pid: child.pid ?? -1,
    url: (pathname) => `${base}/${pathname.replace(/^\//, "")}${pathname.includes("?") ? "&" : "?"}token=${token}`,
    log: () => log,
    stop: async () => {
      try {
        await stop(child, exited, base, token);
      } finally {
        rmSync(state, { recursive: true, force: true });
      }
    },
  };
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(state, { recursive: true, force: true });
      throw new Error(`JupyterLab exited (${child.exitCode}): ${tail(log)}`);
    }
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > timeoutMs) {
      await server.stop();
      throw new Error(`JupyterLab did not answer within ${timeoutMs / 1000} s: ${tail(log)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess, exited: Promise<void>, base: string, token: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Kernels first, through the API: the server then has nothing left to clean up.
  try {
    const r = await fetch(`${base}/api/kernels?token=${token}`, { signal: AbortSignal.timeout(5_000) });
    const kernels = (await r.json()) as { id: string }[];
    await Promise.all(
      kernels.map((k) =>
        fetch(`${base}/api/kernels/${k.id}?token=${token}`, { method: "DELETE", signal: AbortSignal.timeout(10_000) }),
      ),
    );
  } catch {
    // the server may already be going down; the signals below still end it
  }
  const pgid = child.pid;
  if (pgid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  };
  const within = (ms: number): Promise<boolean> =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  signalGroup("SIGTERM");
  if (await within(10_000)) return;
  signalGroup("SIGKILL");
  if (!(await within(5_000))) throw new Error(`JupyterLab (process group ${pgid}) did not stop`);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function tail(log: string): string {
  return log.trim().split("\n").slice(-3).join(" | ");
}
