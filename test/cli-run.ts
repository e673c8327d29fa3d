import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

/** Running the compiled `backprop-lab` command in a child process, for the CLI test files. */

export const ROOT = resolve(__dirname, "..");
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `backprop-lab ARGS…` from the project root; output up to 1 GiB (the big-input tests print little, but may). */
export function cli(...args: string[]): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command fails with `code` and exactly one stderr line, "backprop-lab: …", mentioning every fragment. */
export function fails(code: number, args: string[], ...fragments: string[]): string {
  const r = cli(...args);
  const what = `backprop-lab ${args.join(" ")}`;
  assert.equal(r.code, code, `${what}: exit code ${r.code}, stderr ${r.stderr}`);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `${what}: stderr is not one line:\n${r.stderr}`);
  assert.match(lines[0], /^backprop-lab: /);
  for (const f of fragments) assert.ok(lines[0].includes(f), `${what}: "${lines[0]}" does not mention ${f}`);
  return lines[0];
}
