import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { AtomicFile, statOrNull, writableTarget } from "../data/atomic-write";
import { formatGigabytes } from "../format/number";
import { quotePath } from "../format/quote";
import { UsageError } from "./args";

/**
 * The output-file policy of every command that writes a file, applied before any work so that a long run
 * is never lost at the end; a refusal is a usage error (exit 2) naming `flag`. The name must be a file (no
 * trailing "/"), not a folder or a special file, in a folder that exists and is writable (writableTarget),
 * not one of the command's `inputs` (by device and inode, so another path or a link to the same file
 * counts), and `size` must fit in the free space. (The temporary file is opened only for the write: while
 * it is open, its exit handler would hold a stop signal off until the training, which never yields, ended.)
 * Returns the file, or null for stdout (`file` undefined or "-", as with coreutils and curl).
 */
export function planOutput(
  flag: string,
  file: string | undefined,
  inputs: readonly string[],
  /** The most the command may write, and the flag that decides it: `--epochs 1000` writes up to 150 kB. */
  size?: { flag: string; value: number; bytes: number },
): string | null {
  if (file === undefined || file === "-") return null;
  const name = `${flag} ${quotePath(file)}`;
  if (file.endsWith("/")) throw new UsageError(`${name} ends with "/": give a file name, not a folder`);
  // stat follows symbolic links, so a link to an input is that input.
  const existing = statOrNull(file);
  for (const input of inputs) {
    const st = statOrNull(input === "-" ? "/dev/stdin" : input);
    if (existing !== null && st !== null && st.dev === existing.dev && st.ino === existing.ino) {
      throw new UsageError(`${name} is the input file ${quotePath(input)}: writing there would destroy it`);
    }
  }
  let target: string;
  try {
    target = writableTarget(file);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
  const { bavail, bsize } = statfsSync(dirname(target));
  if (size !== undefined && size.bytes > bavail * bsize) {
    throw new UsageError(
      `${size.flag} ${size.value}: ${quotePath(file)} would take up to ${formatGigabytes(size.bytes)}, ` +
        `and its folder has ${formatGigabytes(bavail * bsize)} free`,
    );
  }
  return file;
}

/** About this many characters go out at a time: few system calls, and a pause after each lets a signal in. */
const PIECE = 1 << 20;

/**
 * Writes `text`, produced a little at a time, to `file` (null: stdout) in pieces of about 1 MiB, so that a
 * gigabyte of output needs no more memory than a short one. A file is renamed over its target only when
 * `text` has ended, and removed on an error. Node handles signals between tasks, so the pause after each
 * piece is what lets a stop signal remove the temporary file while a long file is written.
 */
export async function writeOutput(file: string | null, text: Iterable<string>): Promise<void> {
  const out = file === null ? null : new AtomicFile(file);
  let piece = "";
  const put = (): void => {
    if (out !== null) out.write(piece);
    else if (!stdoutClosed) process.stdout.write(piece);
    piece = "";
  };
  try {
    for (const s of text) {
      piece += s;
      if (piece.length < PIECE) continue;
      put();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    put();
  } catch (e) {
    out?.abort();
    throw e;
  }
  out?.commit();
}

/**
 * A reader that went away (`| head`) closes the pipe: the rest is dropped, and the run still ends normally
 * with its own exit code, no stack trace. Any other failure of stdout makes the exit code 1.
 */
let stdoutClosed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") stdoutClosed = true;
  else process.exitCode = 1;
});
