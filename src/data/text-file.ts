import { openSync, readSync, closeSync, fstatSync } from "node:fs";

/**
 * Reads a small text file (a weights or run file) whole, but with limits, so that a wrong path cannot make
 * the program grow without bound: the zero device or a binary file stops at the first NUL byte (no text
 * file holds one), and anything longer than `maxBytes` stops there. A FIFO (`--init <(…)`) is read like a
 * file. Throws an Error whose message is the reason alone ("file not found", "holds a NUL byte: not a text
 * file"), for the caller to put after the file's name.
 */
export function readTextFile(file: string, maxBytes = 1 << 30): string {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw new Error(describeReadError(e as NodeJS.ErrnoException));
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new Error("is a directory");
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        throw new Error(describeReadError(e as NodeJS.ErrnoException));
      }
      if (got === 0) break;
      const chunk = buffer.subarray(0, got);
      if (chunk.includes(0)) throw new Error("holds a NUL byte: not a text file");
      total += got;
      if (total > maxBytes) throw new Error(`is larger than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Why a file cannot be read, from the system's error: "file not found", "permission denied", … */
export function describeReadError(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOENT") return "file not found";
  if (e.code === "EISDIR") return "is a directory";
  if (e.code === "EACCES") return "permission denied";
  return `cannot be read (${e.code ?? e.message.split("\n")[0]})`;
}
