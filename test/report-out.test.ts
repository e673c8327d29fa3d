/**
 * `npm run report -- --out X` must never replace what it did not make. Every refusal happens before any
 * notebook runs, so these tests take milliseconds of report time: one line, exit status 2, nothing touched.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../scripts/jupyter-env";
import {
  GENERATOR,
  UsageError,
  checkOutFolder,
  makeWorkFolder,
  readMark,
  removeStaleWork,
  swapIn,
} from "../scripts/report-out";

let tmp: string;
let nbDir: string;

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-report-out-"));
  nbDir = path.join(tmp, "nbs");
  mkdirSync(nbDir);
  writeFileSync(path.join(nbDir, "a.ipynb"), "{}");
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function report(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts", "report.ts"), "--notebooks", nbDir, "--no-build", ...args],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Names and sizes of everything under a folder, to show it was not touched. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.join(d.parentPath, d.name))
    .filter((p) => !p.includes(`${path.sep}.git${path.sep}`))
    .sort();
}

function assertRefused(r: { status: number | null; stderr: string; stdout: string }, why: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], /^report: --out ".*" refused: /);
  assert.match(lines[0], why);
  assert.doesNotMatch(r.stdout, /notebooks? from/, "refused before any work");
}

test("--out . (the project) is refused, and nothing appears beside it", () => {
  // Only hidden entries could be the report's (its temporary folders); the parent folder may be shared.
  const hidden = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith("."));
  const before = hidden(path.dirname(ROOT));
  const inRoot = readdirSync(ROOT);
  assertRefused(report("--out", "."), /it is the project folder/);
  assert.deepEqual(hidden(path.dirname(ROOT)), before);
  assert.deepEqual(readdirSync(ROOT), inRoot);
});

test("--out data, notebooks, src and an ancestor of the project are refused", () => {
  const data = snapshot(path.join(ROOT, "data"));
  assertRefused(report("--out", "data"), /inside the project's data\//);
  assert.deepEqual(snapshot(path.join(ROOT, "data")), data);
  assertRefused(report("--out", "notebooks"), /inside the project's notebooks\//);
  assertRefused(report("--out", "src/report"), /inside the project's src\//);
  assertRefused(report("--out", path.dirname(ROOT)), /it contains the project/);
  assertRefused(report("--out", nbDir), /it is the notebooks folder/);
});

test("--out at a file is refused and the file is kept", () => {
  const file = path.join(tmp, "essay.md");
  writeFileSync(file, "my work\n");
  assertRefused(report("--out", file), /it is a file/);
  assert.equal(readFileSync(file, "utf8"), "my work\n");
  assertRefused(report("--out", path.join(ROOT, "README.md")), /it is a file/);
});

test("a folder with files and no report mark is refused and kept", () => {
  const dir = path.join(tmp, "thesis");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "chapter1.tex"), "text");
  assertRefused(report("--out", dir), /no report\.json from a previous report/);
  assert.deepEqual(readdirSync(dir), ["chapter1.tex"]);
  // A report.json that is not ours does not count either.
  writeFileSync(path.join(dir, "report.json"), JSON.stringify({ generator: "someone else", files: ["chapter1.tex"] }));
  assertRefused(report("--out", dir), /no report\.json from a previous report/);
});

/** A folder under tmp holding `files` and the report.json a report writes beside them. */
function previousReport(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, "report.json"),
    JSON.stringify({ generator: GENERATOR, files: ["report.json", ...Object.keys(files)] }),
  );
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

test("a previous report with a file it did not write is refused", () => {
  const dir = previousReport("old-report", { "x.pdf": "%PDF" });
  writeFileSync(path.join(dir, "notes.txt"), "mine");
  assertRefused(report("--out", dir), /it holds "notes\.txt", which the previous report did not write/);
  assert.deepEqual(readdirSync(dir).sort(), ["notes.txt", "report.json", "x.pdf"]);
});

test("a symlink is judged by what it points to", () => {
  const link = path.join(tmp, "link-to-data");
  symlinkSync(path.join(ROOT, "data"), link);
  assertRefused(report("--out", link), /inside the project's data\//);
  const dangling = path.join(tmp, "dangling");
  symlinkSync(path.join(tmp, "nowhere"), dangling);
  assertRefused(report("--out", dangling), /symlink to nothing/);
});

test("allowed: a new folder, an empty folder, a previous report (also one from before the mark)", () => {
  assert.equal(checkOutFolder(path.join(tmp, "new", "report"), ROOT, nbDir), path.join(tmp, "new", "report"));
  const empty = path.join(tmp, "empty");
  mkdirSync(empty);
  assert.equal(checkOutFolder(empty, ROOT, nbDir), empty);
  const ours = previousReport("ours", { "a.html": "<p>" });
  assert.equal(checkOutFolder(ours, ROOT, nbDir), ours);
  const legacy = path.join(tmp, "legacy");
  mkdirSync(legacy);
  const manifest = { pdf: "backprop-lab-report.pdf", pages: 3, notebooks: [{ notebook: "a.ipynb", html: "a.html" }] };
  writeFileSync(path.join(legacy, "report.json"), JSON.stringify(manifest));
  for (const f of ["a.ipynb", "a.html", "backprop-lab-report.pdf"]) writeFileSync(path.join(legacy, f), "x");
  assert.equal(checkOutFolder(legacy, ROOT, nbDir), legacy);
  assert.deepEqual(readMark(path.join(legacy, "report.json"))?.files.sort(), [
    "a.html",
    "a.ipynb",
    "backprop-lab-report.pdf",
    "report.json",
  ]);
  assert.throws(() => checkOutFolder(ROOT, ROOT, nbDir), UsageError);
});

test("bad flags exit 2 with one line", () => {
  const badConfig = path.join(tmp, "bad.config.json");
  writeFileSync(badConfig, JSON.stringify({ title: "T", autor: "misspelt" }));
  const cases = [
    ["--bogus"],
    ["--timeout", "0"],
    ["--timeout", "abc"],
    ["--jobs", "0"],
    ["--out"],
    ["--config", path.join(tmp, "missing.json")],
    ["--config", badConfig],
  ];
  for (const args of cases) {
    const r = report(...args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^report: /);
  }
});

test("a temporary folder left by a killed run is removed; one of a live run is kept", () => {
  const dir = path.join(tmp, "stale");
  mkdirSync(dir);
  const out = path.join(dir, "report");
  // A pid that is certainly dead: a child that has exited.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const stale = `.report-${dead.stdout}-0123abcd.tmp`;
  const live = `.report-${process.ppid}-4567cdef.tmp`;
  mkdirSync(path.join(dir, stale));
  writeFileSync(path.join(dir, stale, "big.html"), "x");
  mkdirSync(path.join(dir, live));
  assert.deepEqual(removeStaleWork(out), [stale]);
  assert.deepEqual(readdirSync(dir), [live]);
});

test("--timeout -1 and --jobs -3 say what a valid value is, not that the argument is ambiguous", () => {
  const timeout = report("--timeout", "-1");
  assert.equal(timeout.status, 2);
  assert.equal(timeout.stderr, 'report: --timeout must be a positive whole number of seconds, got "-1"\n');
  const jobs = report("--jobs", "-3");
  assert.equal(jobs.status, 2);
  assert.equal(jobs.stderr, 'report: --jobs must be a whole number from 1 to 16, got "-3"\n');
});

test("--out with a 245-byte name (legal): its temporary folders keep within NAME_MAX and are found again", () => {
  const dir = path.join(tmp, "long");
  mkdirSync(dir);
  const out = path.join(dir, "r".repeat(240) + "-ü.x"); // 245 bytes: ü is two
  assert.equal(Buffer.byteLength(path.basename(out)), 245);
  mkdirSync(out); // the system takes the name itself
  rmSync(out, { recursive: true });
  const work = makeWorkFolder(out);
  assert.ok(Buffer.byteLength(path.basename(work)) <= 255, path.basename(work));
  mkdirSync(work);
  writeFileSync(path.join(work, "report.json"), "{}");
  swapIn(work, out);
  assert.deepEqual(readdirSync(out), ["report.json"]);
  // A second swap renames the first report aside under a temporary name of its own.
  const next = makeWorkFolder(out);
  mkdirSync(next);
  swapIn(next, out);
  assert.deepEqual(readdirSync(dir), [path.basename(out)]);
  // A long name's temporary folder left by a dead run is recognised and removed.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const stale = path.basename(makeWorkFolder(out)).replace(`-${process.pid}-`, `-${dead.stdout}-`);
  mkdirSync(path.join(dir, stale));
  assert.deepEqual(removeStaleWork(out), [stale]);
  // Two long names that share their first 200 bytes get different temporary names.
  const other = path.join(dir, "r".repeat(240) + "-ö.x");
  assert.notEqual(
    path.basename(makeWorkFolder(out)).split("-").slice(0, -2).join("-"),
    path.basename(makeWorkFolder(other)).split("-").slice(0, -2).join("-"),
  );
});
