import {
  openSync,
  writeSync,
  fsyncSync,
  fchmodSync,
  closeSync,
  renameSync,
  unlinkSync,
  lstatSync,
  statSync,
  readlinkSync,
  type Stats,
} from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { quotePath } from "./quote";

/**
 * Writing a file so that readers see either the old file or the complete new one, never a partial one:
 * the content goes to a temporary file `.NAME.<pid>.<hex>.tmp` in the same folder (a rename is only
 * atomic within one file system), is flushed to disk, then renamed over the target. On failure, and on
 * SIGINT, SIGTERM or SIGHUP while it is open, the temporary file is removed and the target is untouched.
 *
 * The target is what a user means by the name: a symbolic link is followed and its target replaced (the
 * link stays a link), an existing file keeps its permission bits, and special files (devices, FIFOs,
 * sockets) and folders are refused, never replaced by a regular file.
 */
export class AtomicFile {
  private fd: number | null;
  private buffer = Buffer.alloc(1 << 20);
  private used = 0;

  private constructor(
    /** The file that will be replaced: the name given, or the end of its chain of symbolic links. */
    readonly target: string,
    private readonly tmp: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Creates the temporary file next to the target (symbolic links followed), with the target's mode if it exists. */
  static open(file: string): AtomicFile {
    const target = resolveTarget(file);
    const existing = statOrNull(target);
    if (existing !== null) refuseNonRegular(file, existing);
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    // Watched before it exists, so no moment passes in which a signal would leave it behind.
    live.add(tmp);
    watchSignals();
    let fd: number;
    try {
      fd = openSync(tmp, "wx", 0o666);
    } catch (e) {
      forget(tmp);
      throw writeError(file, e);
    }
    const f = new AtomicFile(target, tmp, fd);
    try {
      // fchmod, not the open mode: the umask would otherwise narrow it.
      if (existing !== null) fchmodSync(fd, existing.mode & 0o7777);
    } catch (e) {
      f.abort();
      throw writeError(file, e);
    }
    return f;
  }

  /** Appends text (UTF-8) or bytes; they reach the disk in 1 MiB writes. */
  write(content: string | Uint8Array): void {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    if (this.used + bytes.length > this.buffer.length) this.flush();
    if (bytes.length >= this.buffer.length) {
      this.writeAll(bytes);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Flushes, syncs and renames the temporary file over the target. */
  commit(): void {
    try {
      this.flush();
      const fd = this.openFd();
      fsyncSync(fd);
      closeSync(fd);
      this.fd = null;
      renameSync(this.tmp, this.target);
      forget(this.tmp);
    } catch (e) {
      this.abort();
      throw writeError(this.target, e);
    }
  }

  /** Removes the temporary file; the target stays as it was. Safe to call twice. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
    removeQuietly(this.tmp);
    forget(this.tmp);
  }

  private flush(): void {
    if (this.used === 0) return;
    const used = this.used;
    this.used = 0;
    this.writeAll(this.buffer.subarray(0, used));
  }

  private writeAll(bytes: Uint8Array): void {
    const fd = this.openFd();
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      this.abort();
      throw writeError(this.target, e);
    }
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`cannot write ${quotePath(this.target)}: the file was already closed`);
    return this.fd;
  }
}

/** Writes `content` to `file` atomically (see AtomicFile). Errors are one line naming the file. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const f = AtomicFile.open(file);
  try {
    f.write(content);
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
}

/**
 * The file a name stands for: the name itself, or, for a symbolic link, the end of its chain (which need
 * not exist yet). Writing there replaces the link's target and leaves the link in place.
 */
export function resolveTarget(file: string): string {
  let current = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(current);
    } catch {
      return current; // does not exist (yet): this is the file to create
    }
    if (!st.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`cannot write ${quotePath(file)}: too many levels of symbolic links`);
}

/** What kind of file this is, when it is not one a write may replace; null for a regular file. */
export function specialKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

function refuseNonRegular(file: string, st: Stats): void {
  const kind = specialKind(st);
  if (kind !== null) throw new Error(`cannot write ${quotePath(file)}: it is ${kind}, not a regular file`);
}

/** The file's stat, or null when it cannot be read (missing, or a folder on the way is). */
export function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function writeError(file: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.code === undefined && err instanceof Error && err.message.startsWith("cannot write")) return err;
  return new Error(`cannot write ${quotePath(file)}: ${reason(err)}`);
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "its folder does not exist";
    case "ENOTDIR":
      return "a part of its folder is not a folder";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    default:
      return e.code ?? e.message.split("\n")[0];
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // never created, or already gone
  }
}

// Temporary files open right now, removed if the process is told to stop.
const live = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let watching = false;

/**
 * While a temporary file exists, a stop signal removes it first, then the signal is raised again with the
 * default action, so the process still ends as killed by it (exit status 128 + signal number), unless some
 * other part of the process listens for that signal too.
 * Node runs signal handlers between tasks, so a long write yields now and then (see the CLI's run file).
 */
function watchSignals(): void {
  if (watching) return;
  watching = true;
  for (const sig of SIGNALS) process.on(sig, onSignal);
}

function forget(tmp: string): void {
  live.delete(tmp);
  if (live.size === 0 && watching) {
    watching = false;
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}

function onSignal(sig: NodeJS.Signals): void {
  for (const tmp of live) removeQuietly(tmp);
  live.clear();
  watching = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  // Someone else listens (a Jupyter kernel uses SIGINT to interrupt a cell): leave the signal to them.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}
