import { accessSync, readdirSync, unlinkSync, statfsSync, constants } from "node:fs";
import { dirname, basename, join } from "node:path";
import { resolveTarget, specialKind, statOrNull } from "./atomic-write";
import { quotePath } from "./quote";

/**
 * The output-file policy every command that writes a file follows, checked before any work so that a
 * long run is never lost at the end: the name must be a file (no trailing "/"), not a special file or a
 * folder, not one of the command's inputs (compared by device and inode, so another path or a link to
 * the same file counts), in a folder that exists and is writable. Symbolic links are followed; the file
 * is then written with AtomicFile, which keeps an existing file's mode.
 */
export class OutputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFileError";
  }
}

export interface OutputCheck {
  /** The file that will be replaced (symbolic links followed). */
  target: string;
  /** Temporary files of earlier runs that were killed (their process is gone): removed now. */
  removedStale: string[];
  /** Temporary files of a process that still runs: left alone, named so the user knows. */
  inUse: string[];
  /** Bytes free for an unprivileged user in the target's folder, or null when unknown. */
  freeBytes: number | null;
}

/** `inputs` are the files the command reads; `--out` may be none of them. Messages start with the file name. */
export function checkOutputFile(file: string, inputs: readonly string[] = []): OutputCheck {
  const name = quotePath(file);
  if (file.trim() === "") throw new OutputFileError("the output file name is empty");
  if (file.endsWith("/")) throw new OutputFileError(`${name} ends with "/": give a file name, not a folder`);
  const target = resolveTarget(file);
  const existing = statOrNull(target);
  if (existing !== null) {
    const kind = specialKind(existing);
    if (kind !== null) throw new OutputFileError(`${name} is ${kind}: only a regular file is replaced`);
    for (const input of inputs) {
      const st = statOrNull(input === "-" ? "/dev/stdin" : input);
      if (st !== null && st.dev === existing.dev && st.ino === existing.ino) {
        throw new OutputFileError(`${name} is the input file ${quotePath(input)}: writing there would destroy it`);
      }
    }
  }
  const folder = dirname(target);
  const folderStat = statOrNull(folder);
  if (folderStat === null) throw new OutputFileError(`${name}: the folder ${quotePath(folder)} does not exist`);
  if (!folderStat.isDirectory()) throw new OutputFileError(`${name}: ${quotePath(folder)} is not a folder`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new OutputFileError(`${name}: the folder ${quotePath(folder)} is not writable`);
  }
  return { target, ...staleTemporaries(target), freeBytes: freeBytes(folder) };
}

/**
 * `.NAME.<pid>.<hex>.tmp` files next to the target are what AtomicFile leaves when its process was killed
 * with SIGKILL (which no handler can catch). Those whose process is gone are removed.
 */
function staleTemporaries(target: string): { removedStale: string[]; inUse: string[] } {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  const removedStale: string[] = [];
  const inUse: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return { removedStale, inUse };
  }
  for (const entry of names) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (m === null) continue;
    const path = join(folder, entry);
    if (processAlive(Number(m[1]))) {
      inUse.push(path);
      continue;
    }
    try {
      unlinkSync(path);
      removedStale.push(path);
    } catch {
      inUse.push(path);
    }
  }
  return { removedStale, inUse };
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
