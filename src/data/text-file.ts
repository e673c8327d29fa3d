import { openSync, readSync, closeSync } from "node:fs";

/**
 * A small text file ("-": standard input) whole, with limits so that a wrong path cannot make the program grow
 * without bound: the zero device or a binary file stops at the first NUL byte, anything longer at `maxBytes`.
 * A FIFO (`--init <(…)`) is read like a file. The error message is the reason alone ("file not found"), for the
 * caller to put after the file's name.
 */
export function readTextFile(file: string, maxBytes = 1 << 30): string {
  const pieces: Buffer[] = [];
  let total = 0;
  let fd = 0;
  try {
    if (file !== "-") fd = openSync(file, "r");
    for (;;) {
      const piece = Buffer.alloc(1 << 16);
      const got = readSync(fd, piece);
      if (got === 0) break;
      if (piece.subarray(0, got).includes(0)) throw new Error("holds a NUL byte: not a text file");
      if ((total += got) > maxBytes) throw new Error(`is larger than ${maxBytes} bytes`);
      pieces.push(piece.subarray(0, got));
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw err.syscall === undefined ? err : new Error(describeReadError(err));
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return Buffer.concat(pieces)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

export function describeReadError(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOENT") return "file not found";
  if (e.code === "EISDIR") return "is a directory";
  if (e.code === "EACCES") return "permission denied";
  return `cannot be read (${e.code ?? e.message.split("\n")[0]})`;
}
