/**
 * `npm run lab` keeps its token to the user: the project's Jupyter folders are 0700 and the runtime files 0600,
 * and, when the test runs as root, user nobody cannot read the files that hold the token (before, anyone on
 * the machine could read jpserver-<pid>-open.html and run code as the student). Also: a port out of range is
 * one line and exit status 2, before anything starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DATA_DIR, ROOT, RUNTIME_DIR, STATE_DIR } from "../../scripts/jupyter-env";
import { freePort } from "../../scripts/nbserver";

const LAB = ["--import", "tsx", path.join(ROOT, "scripts", "lab.ts")];

const mode = (p: string): number => statSync(p).mode & 0o777;

/**
 * The runtime folder is shared with the other end-to-end tests running beside this one: a kernel's connection
 * file can vanish between listing and reading it. A file that is gone holds no secret, so it is skipped.
 */
const stillThere = (f: string): boolean => statSync(f, { throwIfNoEntry: false })?.isFile() ?? false;
const textOf = (f: string): string => {
  try {
    return readFileSync(f, "utf8");
  } catch {
    return "";
  }
};

/** user nobody's `cat file`: [exit status, what it printed]. */
function catAsNobody(file: string): [number | null, string] {
  const r = spawnSync("runuser", ["-u", "nobody", "--", "cat", file], { encoding: "utf8" });
  return [r.status, r.stdout];
}

test("--port 99999 and --port abc: one line, exit 2, nothing started", () => {
  for (const port of ["99999", "0", "abc"]) {
    const r = spawnSync(process.execPath, [...LAB, "--port", port, "--no-build"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `lab: --port must be a whole number from 1 to 65535, got "${port}"\n`);
  }
});

test("npm run lab: Jupyter folders 0700, runtime files 0600, the token unreadable by another user", async (t) => {
  const port = await freePort();
  // BROWSER=true: Jupyter "opens" its page with the command `true`, so no browser starts here.
  const child = spawn(process.execPath, [...LAB, "--port", String(port), "--no-build"], {
    cwd: ROOT,
    env: { ...process.env, BROWSER: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const control = path.join(ROOT, `.lab-secrets-control-${process.pid}.tmp`);
  try {
    let token = "";
    for (let i = 0; i < 1200 && !token && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      token = /lab: open http:\/\/127\.0\.0\.1:\d+\/\S*token=(\w+)/.exec(out)?.[1] ?? "";
    }
    assert.ok(token, `the lab printed its address: ${out.slice(-2000)}`);

    for (const dir of [STATE_DIR, DATA_DIR, path.join(STATE_DIR, "config"), RUNTIME_DIR])
      assert.equal(mode(dir).toString(8), "700", `${dir} is the user's alone`);
    // Jupyter prints the address before it has written every file: wait for the open page.
    let files: string[] = [];
    let withToken: string[] = [];
    for (let i = 0; i < 100 && !withToken.some((f) => f.endsWith("-open.html")); i++) {
      await new Promise((r) => setTimeout(r, 100));
      files = readdirSync(RUNTIME_DIR)
        .map((f) => path.join(RUNTIME_DIR, f))
        .filter(stillThere);
      withToken = files.filter((f) => textOf(f).includes(token));
    }
    await new Promise((r) => setTimeout(r, 500)); // the watcher's chmod, just after the file appears
    assert.ok(
      withToken.some((f) => f.endsWith("-open.html")),
      `the open page holds the token: ${files.join(", ")}`,
    );
    for (const f of files) {
      const st = statSync(f, { throwIfNoEntry: false });
      if (st) assert.equal((st.mode & 0o777).toString(8), "600", `${path.basename(f)} is the user's alone`);
    }

    if (process.getuid?.() === 0) {
      // Control: nobody can reach the project folder and read a world-readable file in it, so a refusal below
      // comes from the Jupyter folders' modes, not from a folder above them. A clone inside a folder closed to
      // other users (mktemp -d makes one) keeps everyone out already: the cross-user read proves nothing there.
      writeFileSync(control, "readable", { mode: 0o644 });
      const reachable = catAsNobody(control)[0] === 0;
      if (!reachable) t.diagnostic("user nobody cannot reach the project folder at all: the cross-user read is moot");
      for (const f of reachable ? withToken : []) {
        const [status, text] = catAsNobody(f);
        assert.notEqual(status, 0, `nobody read ${f}`);
        assert.ok(!text.includes(token), `nobody got the token from ${f}`);
      }
    }
  } finally {
    rmSync(control, { force: true });
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
