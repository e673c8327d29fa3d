import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import {
  mkdtempSync,
  writeFileSync,
  readFileSync,
  readdirSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  chmodSync,
  statSync,
  lstatSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { type RunFile } from "../src/cli/run-file";
import { CLI, ROOT, cli, fails } from "./cli-run";

/**
 * Issue 7's cases for the CLI, each as a user meets it: `node dist/cli/main.js` in a child process
 * (npm test builds dist first). Nothing here measures speed (the Ctrl-C case only bounds how long a run may
 * ignore the signal); the slow cases (a 2×10⁶-row file, 10⁶ epochs) each run in one spawned process, with
 * sizes as small as still prove the point.
 */
const dir = mkdtempSync(join(tmpdir(), "backprop-lab-rel-"));
after(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const IRIS = "data/iris.csv";
const SURFACE = "data/surface.csv";
/** A --data that would fail with exit 1 if it were read: a refusal with exit 2 proves the check came first. */
const ABSENT = join(dir, "absent.csv");

test("--out at a FIFO, a socket or a device copy is refused with exit 2 before any data is read, and left alone", async () => {
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  fails(2, ["train", "--data", ABSENT, "--out", fifo], "--out", "FIFO");
  fails(2, ["synth", "--out", fifo], "--out", "FIFO");
  assert.ok(lstatSync(fifo).isFIFO(), "the FIFO is still a FIFO");

  const sock = join(dir, "sock");
  const server = createServer();
  await new Promise<void>((done) => server.listen(sock, done));
  try {
    fails(2, ["train", "--data", ABSENT, "--out", sock], "--out", "socket");
    assert.ok(lstatSync(sock).isSocket());
  } finally {
    server.close();
  }

  // A copy of the null device; the real one is never used as a target here. Making it needs root (and a
  // container may forbid it even then), so this part runs only where mknod works.
  const dev = join(dir, "null-copy");
  let made = false;
  try {
    execFileSync("mknod", [dev, "c", "1", "3"], { stdio: "ignore" });
    made = true;
  } catch {
    // not allowed here
  }
  if (made) {
    fails(2, ["train", "--data", ABSENT, "--out", dev], "--out", "character device");
    assert.ok(lstatSync(dev).isCharacterDevice());
  }
});

test("--out that is an input (the same path, another path or a link to it) is refused; the input is untouched", () => {
  const data = file("in.csv", readFileSync(SURFACE, "utf8"));
  const before = readFileSync(data, "utf8");
  fails(2, ["train", "--data", data, "--out", data], "--out", "input");
  const link = join(dir, "in-link.csv");
  symlinkSync(data, link);
  fails(2, ["train", "--data", link, "--out", join(dir, ".", "in.csv")], "--out", "input");
  fails(2, ["train", "--data", SURFACE, "--test", data, "--out", link], "--out", "input");
  const weights = join(dir, "w.json");
  assert.equal(cli("train", "--quiet", "--data", SURFACE, "--epochs", "1", "--out", weights).code, 0);
  fails(2, ["train", "--data", SURFACE, "--init", weights, "--out", weights], "--out", "input");
  assert.equal(readFileSync(data, "utf8"), before);
});

test("--out through a symbolic link writes the link's target and keeps its mode; the link stays a link", () => {
  const target = file("target.json", "old");
  chmodSync(target, 0o600);
  const link = join(dir, "link.json");
  symlinkSync("target.json", link);
  const r = cli("train", "--quiet", "--data", SURFACE, "--epochs", "2", "--out", link);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(link).isSymbolicLink(), "the link is still a link");
  assert.equal((JSON.parse(readFileSync(target, "utf8")) as RunFile).history.length, 3);
  assert.equal(statSync(target).mode & 0o777, 0o600, "the existing file's mode is kept");
  // A dangling link: its target is created.
  const dangling = join(dir, "dangling.json");
  symlinkSync("made-by-link.json", dangling);
  assert.equal(cli("synth", "--count", "5", "--out", dangling).code, 0);
  assert.equal(readFileSync(join(dir, "made-by-link.json"), "utf8").split("\n").length, 7);
  // Two links pointing at each other lead nowhere: refused before any work.
  symlinkSync("loop-b", join(dir, "loop-a"));
  symlinkSync("loop-a", join(dir, "loop-b"));
  fails(2, ["train", "--data", ABSENT, "--out", join(dir, "loop-a")], "--out", "too many levels of symbolic links");
});

test("--out in a missing folder, with a trailing slash or in an unwritable folder fails before the data is read", () => {
  fails(2, ["train", "--data", ABSENT, "--out", join(dir, "nodir", "run.json")], "--out", "does not exist");
  fails(2, ["train", "--data", ABSENT, "--out", join(dir, "nodir") + "/"], "--out", 'ends with "/"');
  fails(2, ["synth", "--out", join(dir, "nodir", "s.csv")], "--out", "does not exist");
  // Root may write anywhere, so the unwritable folder can only be checked as another user.
  if (process.getuid?.() !== 0) {
    const ro = join(dir, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    fails(2, ["train", "--data", ABSENT, "--out", join(ro, "run.json")], "--out", "not writable");
  }
});

test("SIGTERM while a long file is being written removes the temporary file and leaves the old file", async () => {
  const sub = join(dir, "term");
  mkdirSync(sub);
  const out = join(sub, "big.csv");
  writeFileSync(out, "precious");
  // 3·10⁶ points are about 80 MB of CSV, written a piece at a time: long enough to be caught mid-write.
  const child = spawn(process.execPath, [CLI, "synth", "--count", "3000000", "--out", out], { stdio: "ignore" });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on("exit", (code, signal) => done([code, signal])),
  );
  let sawTemp = false;
  for (;;) {
    if (readdirSync(sub).some((f) => f.endsWith(".tmp"))) {
      sawTemp = true;
      child.kill("SIGTERM");
      break;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const [code, signal] = await exited;
  assert.ok(sawTemp, "the write was caught while its temporary file existed");
  assert.equal(signal, "SIGTERM", `the process ends as killed by the signal (code ${code})`);
  assert.deepEqual(readdirSync(sub), ["big.csv"], "no temporary file is left");
  assert.equal(readFileSync(out, "utf8"), "precious");
});

test("Ctrl-C during a long training ends the run at once, with nothing written", async () => {
  const sub = join(dir, "interrupt");
  mkdirSync(sub);
  // 10⁶ epochs of 400 rows take over a minute, far beyond the bound below. The temporary file is opened only
  // once the training is done: opened earlier, its exit handler would hold the signal off until then.
  const args = [CLI, "train", "--data", SURFACE, "--epochs", "1000000", "--out", join(sub, "run.json")];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_, signal) => done(signal)));
  await new Promise((r) => setTimeout(r, 1000));
  child.kill("SIGINT");
  const late = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const signal = await exited;
  clearTimeout(late);
  assert.equal(signal, "SIGINT", "the run ends as interrupted, not after its training");
  assert.deepEqual(readdirSync(sub), []);
});

test("a 2×10⁶-row CSV trains one epoch with a 64 MB JavaScript heap (the reader streams into Float64Arrays)", () => {
  const big = join(dir, "big2m.csv");
  assert.equal(cli("synth", "--count", "2000000", "--out", big).code, 0);
  const out = join(dir, "big2m.json");
  // The text alone (54 MB as a string) and the records the old reader kept did not fit in this heap.
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=64", CLI, "train", "--quiet", "--data", big, "--epochs", "1", "--out", out],
    { cwd: ROOT, encoding: "utf8" },
  );
  rmSync(big);
  assert.equal(r.status, 0, r.stderr);
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  rmSync(out);
  assert.equal(run.config.trainRows + run.config.testRows, 2_000_000);
  assert.equal(run.split.train.length + run.split.test.length, 2_000_000);
  assert.equal(run.history.length, 2);
  assert.ok(run.history[1].trainError < run.history[0].trainError);
});

test("10⁶ epochs on a 3-row file complete with a 64 MB heap and the run file holds every epoch", () => {
  const tiny = file("tiny.csv", "a,b,c\n0.1,0.9,0.5\n0.8,0.2,0.4\n0.3,0.6,0.7\n");
  const out = join(dir, "long.json");
  // The heap limit stands in for 10⁷ epochs: a history of objects and a run file built as one string
  // (about 100 MB here) do not fit; typed arrays and a streamed file do.
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=64", CLI, "train", "--quiet", "--data", tiny, "--epochs", "1000000", "--out", out],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  rmSync(out);
  assert.equal(run.history.length, 1_000_001);
  assert.equal(run.history[1_000_000].epoch, 1_000_000);
  assert.ok(run.history.every((h, i) => h.epoch === i && Number.isFinite(h.trainError)));
});

test("--lr 1e6 on data/surface.csv diverges: exit 1, a hint at the learning rate, the history still saved", () => {
  const out = join(dir, "lr.json");
  fails(
    1,
    ["train", "--data", SURFACE, "--epochs", "50", "--lr", "1e6", "--out", out],
    "diverged",
    "smaller learning rate",
  );
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  assert.match(run.error ?? "", /diverged/);
  assert.ok(run.history.length >= 2, "the history up to the divergence is saved");
  // The rule: worse than at the start (or a weight beyond ±1e6, or non-finite).
  const last = run.history[run.history.length - 1];
  const big = Math.max(...[run.weights.W1, run.weights.W2].flat(2).map(Math.abs));
  assert.ok((last.trainError ?? Infinity) > run.history[0].trainError! || big > 1e6 || !Number.isFinite(big));
  // A sane rate on the same data is not divergence.
  assert.equal(cli("train", "--quiet", "--data", SURFACE, "--epochs", "5", "--out", out).code, 0);
});

test("prototype names are not flags or commands: exit 2 with one line", () => {
  fails(2, ["train", "--data", IRIS, "--toString", "x"], "unknown flag", "--toString");
  fails(2, ["train", "--data", IRIS, "--constructor", "y"], "unknown flag", "--constructor");
  fails(2, ["synth", "--__proto__", "x"], "unknown flag");
  fails(2, ["gradients", "--hasOwnProperty", "x"], "unknown flag");
  fails(2, ["constructor"], "unknown command");
  fails(2, ["__proto__"], "unknown command");
});

test("user text in messages is escaped and shortened: an ESC in a header, a CR, a huge header", () => {
  const esc = file("esc.csv", "a,\x1b[2Jfake,c\n1,2,3\n1,x,3\n");
  const line = fails(1, ["train", "--data", esc], "line 3", "\\e[2Jfake");
  assert.ok(!line.includes("\x1b"), "no raw ESC reaches the terminal");
  const cr = fails(2, ["train", "--data", IRIS, "--lr", "1\rbackprop-lab: all good"], "--lr", "\\r");
  assert.ok(!cr.includes("\r"));
  const wide = file("wide.csv", `${"h".repeat(700_000)},b\nx,2\n3,4\n`);
  const msg = fails(1, ["train", "--data", wide], "line 2", "hhh…");
  assert.ok(msg.length < 400, `the message is ${msg.length} characters`);
  fails(2, ["\x1b]0;title\x07"], "unknown command", "\\e]0;title\\u{7}");
});

test("messages blame the right thing: the --test value, the one-row training split, --hidden, --epochs", () => {
  const train = file("tr.csv", "a,b,c\n0.1,0.2,0.3\n0.2,0.3,0.5\n0.4,0.1,0.2\n");
  const test = file("te.csv", "a,b,c\n0.1,0.2,0.2\n0.1,1e300,0.2\n");
  fails(1, ["train", "--data", train, "--test", test], "te.csv", "line 3", 'column "b"', "1e+300");
  const two = file("two.csv", "a,b\n1,2\n3,4\n");
  const m = fails(1, ["train", "--data", two], "two.csv", "training split has only 1 row");
  assert.ok(!m.includes("constant") && !m.includes("divide by zero"), m);
  // A typo's size is refused by a fixed limit before any data are read, on any machine.
  fails(2, ["train", "--data", ABSENT, "--hidden", "2e9"], "--hidden must be an integer from 1 to 10000");
  fails(2, ["train", "--data", ABSENT, "--epochs", "1e12"], "--epochs must be an integer from 0 to 100000000");
  // 27 PB of CSV: more than any disk has free, refused before a byte is written.
  fails(2, ["synth", "--count", "1e15", "--out", join(dir, "huge-synth.csv")], "--count", "free");
  assert.ok(!existsSync(join(dir, "huge-synth.csv")));
  fails(1, ["train", "--data", "/dev/zero"], "/dev/zero", "not a CSV text file");
  fails(2, ["gradients", "--init", "/dev/zero", "--x", "1,2,3"], "--init", "/dev/zero", "not a text file");
  fails(2, ["train", "--data", IRIS, "--init", "/dev/zero"], "--init", "/dev/zero", "not a text file");
});

test("--epochs 0 evaluates the initial weights and writes them as the final ones", () => {
  const out = join(dir, "zero.json");
  const r = cli("train", "--quiet", "--data", SURFACE, "--epochs", "0", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(out, "utf8")) as RunFile;
  assert.equal(run.history.length, 1);
  assert.deepEqual(run.weights, run.initialWeights);
});

test("a closed stderr or stdout (EPIPE) ends quietly with the run's own exit code", async () => {
  const out = join(dir, "epipe.json");
  // stderr is a pipe whose reading end is closed at once: the summary line cannot be written.
  const child = spawn(process.execPath, [CLI, "train", "--data", SURFACE, "--epochs", "20", "--out", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr.destroy();
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  assert.equal(code, 0);
  assert.equal((JSON.parse(readFileSync(out, "utf8")) as RunFile).history.length, 21);

  // stdout closed by its reader (like `| head -c 100`): no stack trace, and the run's own exit code —
  // 0 for a good run, 1 for one that diverged.
  for (const [lr, expected] of [
    ["0.1", 0],
    ["1e6", 1],
  ] as const) {
    const reader = spawn(process.execPath, [CLI, "train", "--data", SURFACE, "--epochs", "3000", "--lr", lr], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    reader.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    reader.stdout.once("data", () => reader.stdout.destroy());
    const code2 = await new Promise<number | null>((done) => reader.on("exit", done));
    assert.equal(code2, expected, stderr);
    assert.ok(!stderr.includes("EPIPE") && !stderr.includes("    at "), stderr);
  }
});
