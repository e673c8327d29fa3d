import { openSync, readSync, closeSync, fstatSync } from "node:fs";

/**
 * Reads a file (or "-", standard input, as coreutils and curl name it) in 1 MiB pieces, so that a caller
 * can stop a file that is too large or not text before holding it. Problems are Errors whose message is
 * the reason alone ("file not found", "is a directory"), for the caller to put after the file's name.
 * `onBytes` gets each piece (a view reused for the next piece) and the file's size when it is a regular file.
 */
export function readPieces(file: string, onBytes: (bytes: Buffer, fileBytes: number | null) => void): void {
  let fd = 0;
  try {
    if (file !== "-") fd = openSync(file, "r");
  } catch (e) {
    throw new Error(describeReadError(e as NodeJS.ErrnoException));
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new Error("is a directory");
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const got = readSome(fd, buffer);
      if (got === 0) return;
      onBytes(buffer.subarray(0, got), st.isFile() ? st.size : null);
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** One read; a pipe its writer made non-blocking answers EAGAIN until there is data, so wait a little. */
function readSome(fd: number, buffer: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== "EAGAIN") throw new Error(describeReadError(err));
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Reads a small text file (a weights or run file) whole, but with limits, so that a wrong path cannot make
 * the program grow without bound: the zero device or a binary file stops at the first NUL byte (no text
 * file holds one), and anything longer than `maxBytes` stops there. A FIFO (`--init <(…)`) is read like a
 * file; a UTF-8 byte-order mark is dropped.
 */
export function readTextFile(file: string, maxBytes = 1 << 30): string {
  const pieces: Buffer[] = [];
  let total = 0;
  readPieces(file, (bytes) => {
    if (bytes.includes(0)) throw new Error("holds a NUL byte: not a text file");
    total += bytes.length;
    if (total > maxBytes) throw new Error(`is larger than ${maxBytes} bytes`);
    pieces.push(Buffer.from(bytes));
  });
  return Buffer.concat(pieces)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/** Why a file cannot be read, from the system's error: "file not found", "permission denied", … */
export function describeReadError(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOENT") return "file not found";
  if (e.code === "EISDIR") return "is a directory";
  if (e.code === "EACCES") return "permission denied";
  return `cannot be read (${e.code ?? e.message.split("\n")[0]})`;
}
