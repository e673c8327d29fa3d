import { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * Writes a file so that readers see either the old file or the complete new one, never a partial
 * one: the content goes to a temporary file in the same folder (a rename is only atomic within one
 * file system), is flushed to disk, then renamed over the target. On failure the temporary file is
 * removed and the target is untouched. Errors are one line naming the file.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx");
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created, or is already gone
    }
    throw new Error(`cannot write ${file}: ${reason(e as NodeJS.ErrnoException)}`);
  }
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "its folder does not exist";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return e.code ?? e.message.split("\n")[0];
  }
}
