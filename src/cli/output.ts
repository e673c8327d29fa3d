import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { AtomicFile, statOrNull, writableTarget } from "../data/atomic-write";
import { formatGigabytes } from "../format/number";
import { quotePath } from "../format/quote";
import { UsageError } from "./args";

/**
 * The output-file policy, applied before any work so that a long run is never lost at the end; a refusal is a
 * usage error naming `flag`. Not a folder ("/" at the end) or special file, in a writable folder, not one of the
 * `inputs` (by device and inode), `size` within the free space. The temporary file is opened only to write:
 * while it is open, its exit handler would hold a stop signal off until training ended. Null means stdout.
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
 * Writes `text` in pieces of about 1 MiB; a file is renamed over its target only when `text` has ended. Node
 * handles signals between tasks: the pause after each piece lets a stop signal remove the temporary file.
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

// A reader that went away (`| head`): the rest is dropped and the run ends with its own code. Other failures: 1.
let stdoutClosed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") stdoutClosed = true;
  else process.exitCode = 1;
});
