import { accessSync, readdirSync, unlinkSync, statfsSync, constants } from "node:fs";
import { dirname, basename, join } from "node:path";
import { AtomicFile, resolveTarget, specialKind, statOrNull } from "../data/atomic-write";
import { quotePath } from "../data/quote";
import { UsageError } from "./args";
import { type TextSink } from "./run-file";

/** Where a command's output goes: stdout, or a file checked against the output-file policy. */
export interface OutputPlan {
  /** The file as given, or undefined for stdout. */
  file: string | undefined;
  /** Bytes free in the file's folder (null for stdout or when unknown). */
  freeBytes: number | null;
}

/**
 * The output-file policy of every command that writes a file, checked before any work so that a long run
 * is never lost at the end; a refusal is a usage error (exit 2) naming `flag`. The name must be a file (no
 * trailing "/"), not a special file or a folder, not one of the command's `inputs` (compared by device and
 * inode, so another path or a link to the same file counts), in a folder that exists and is writable.
 * Temporary files that killed runs left next to it are removed, and said so unless quiet.
 */
export function planOutput(
  flag: string,
  file: string | undefined,
  inputs: readonly string[],
  quiet: boolean,
): OutputPlan {
  if (file === undefined) return { file, freeBytes: null };
  const refuse = (problem: string): never => {
    throw new UsageError(`${flag} ${problem}`);
  };
  const name = quotePath(file);
  if (file.trim() === "") refuse("the output file name is empty");
  if (file.endsWith("/")) refuse(`${name} ends with "/": give a file name, not a folder`);
  const target = resolveTarget(file);
  const existing = statOrNull(target);
  const kind = existing === null ? null : specialKind(existing);
  if (kind !== null) refuse(`${name} is ${kind}: only a regular file is replaced`);
  for (const input of inputs) {
    const st = statOrNull(input === "-" ? "/dev/stdin" : input);
    if (existing !== null && st !== null && st.dev === existing.dev && st.ino === existing.ino) {
      refuse(`${name} is the input file ${quotePath(input)}: writing there would destroy it`);
    }
  }
  const folder = dirname(target);
  const folderStat = statOrNull(folder);
  if (folderStat === null) refuse(`${name}: the folder ${quotePath(folder)} does not exist`);
  if (!folderStat?.isDirectory()) refuse(`${name}: ${quotePath(folder)} is not a folder`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    refuse(`${name}: the folder ${quotePath(folder)} is not writable`);
  }
  const { removed, inUse } = staleTemporaries(target);
  if (!quiet) {
    for (const f of removed) {
      process.stderr.write(`backprop-lab: removed ${quotePath(f)}, left behind by a run that was killed\n`);
    }
    for (const f of inUse) {
      process.stderr.write(`backprop-lab: note: ${quotePath(f)} is being written by another running process\n`);
    }
  }
  return { file, freeBytes: freeBytes(folder) };
}

/**
 * `.NAME.<pid>.<hex>.tmp` files next to the target are what AtomicFile leaves when its process was killed
 * with SIGKILL (which no handler can catch). Those whose process is gone are removed.
 */
function staleTemporaries(target: string): { removed: string[]; inUse: string[] } {
  const removed: string[] = [];
  const inUse: string[] = [];
  const prefix = `.${basename(target)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dirname(target));
  } catch {
    // An unreadable folder hides its leftovers; the write itself will still be checked.
  }
  for (const entry of names) {
    const m = entry.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length)) : null;
    if (m === null) continue;
    const path = join(dirname(target), entry);
    try {
      if (processAlive(Number(m[1]))) throw new Error("in use");
      unlinkSync(path);
      removed.push(path);
    } catch {
      inUse.push(path);
    }
  }
  return { removed, inUse };
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function freeBytes(folder: string): number | null {
  try {
    const s = statfsSync(folder);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/**
 * Runs `produce` with a sink into the planned output. A file is written atomically: the temporary file
 * is renamed over the target only when `produce` has finished, and removed on an error or a stop signal
 * (the sink pauses after each piece so that a signal is handled while a long file is written).
 */
export async function writeOutput(plan: OutputPlan, produce: (sink: TextSink) => Promise<void>): Promise<void> {
  if (plan.file === undefined) {
    // A reader that went away (`| head`) closes the pipe: the rest is dropped, the run still ends normally
    // and returns its own exit code (main.ts keeps the EPIPE from becoming an error).
    await produce(async (text) => {
      if (stdoutClosed()) return;
      process.stdout.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    return;
  }
  const f = AtomicFile.open(plan.file);
  try {
    await produce(async (text) => {
      f.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
}

let closed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") closed = true;
});

/** Whether stdout's reader has gone away (an EPIPE was seen). */
export function stdoutClosed(): boolean {
  return closed;
}
