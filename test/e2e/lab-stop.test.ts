/**
 * `npm run lab` is one process tree: stopped with SIGTERM to npm (kill) or with Ctrl-C (SIGINT to the
 * terminal's process group), JupyterLab and the kernels it started are gone too. Runs the real command,
 * starts a kernel through Jupyter's REST API, then stops it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { ROOT } from "../../scripts/jupyter-env";
import { freePort } from "../../scripts/nbserver";
import { descendants, isAlive } from "../../scripts/process-tree";

/** Starts npm run lab (in a process group of its own, like a terminal's job) and one kernel; returns every process below npm. */
async function startLab(): Promise<{ npm: ChildProcess; tree: number[]; log: () => string }> {
  const port = await freePort();
  const npm = spawn("npm", ["run", "lab", "--", "--no-build", "--port", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  npm.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  npm.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const t0 = Date.now();
  let token = "";
  while (!token) {
    token = /lab: open http:\/\/127\.0\.0\.1:\d+\/\S*token=(\w+)/.exec(log)?.[1] ?? "";
    if (Date.now() - t0 > 90_000) throw new Error(`npm run lab did not start: ${log.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const r = await fetch(`http://127.0.0.1:${port}/api/kernels`, {
    method: "POST",
    headers: { Authorization: `token ${token}` },
    body: JSON.stringify({ name: "tslab" }),
  });
  assert.equal(r.status, 201, "a kernel starts");
  const tree = descendants(npm.pid as number);
  assert.ok(
    tree.some((p) => isAlive(p)),
    "npm has processes below it",
  );
  return { npm, tree, log: () => log };
}

async function allGone(pids: number[], ms: number): Promise<number[]> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (pids.every((p) => !isAlive(p))) return [];
    await new Promise((r) => setTimeout(r, 200));
  }
  return pids.filter(isAlive);
}

test("kill (SIGTERM) to npm run lab stops JupyterLab and its kernels", { timeout: 180_000 }, async () => {
  const { npm, tree, log } = await startLab();
  process.kill(npm.pid as number, "SIGTERM");
  assert.deepEqual(await allGone(tree, 30_000), [], `processes left running: ${log().slice(-300)}`);
});

test(
  "Ctrl-C (SIGINT to the terminal's process group) stops JupyterLab and its kernels",
  { timeout: 180_000 },
  async () => {
    const { npm, tree, log } = await startLab();
    process.kill(-(npm.pid as number), "SIGINT");
    assert.deepEqual(await allGone(tree, 30_000), [], `processes left running: ${log().slice(-300)}`);
  },
);
