import { openSync, writeSync, fsyncSync, fchmodSync, closeSync, renameSync, rmSync, type Stats } from "node:fs";
import { statSync, lstatSync, readlinkSync } from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { quotePath } from "./quote";

/**
 * Writing a file so that readers see either the old file or the complete new one, never a partial one:
 * the content goes to `.NAME.<pid>.<hex>.tmp` in the target's folder (a rename is atomic only within one
 * file system), is flushed to disk, then renamed over the target; on failure, and on SIGINT, SIGTERM or
 * SIGHUP while it is open, the temporary file is removed. A symbolic link is followed (the link stays),
 * an existing file keeps its mode, and devices, FIFOs, sockets and folders are refused.
 *
 * Not write-file-atomic: it takes the whole content at once (a 10⁷-epoch run file is a gigabyte) and
 * names its temporary file by a hash, so a later run cannot tell a killed run's leftover (cli/output.ts)
 * from a live one's by its process id.
 */
export class AtomicFile {
  private constructor(
    /** The file that will be replaced: the name given, or the end of its chain of symbolic links. */
    readonly target: string,
    private readonly tmp: string,
    private fd: number | null,
  ) {}

  static open(file: string): AtomicFile {
    const target = resolveTarget(file);
    const existing = statOrNull(target);
    const kind = existing === null ? null : specialKind(existing);
    if (kind !== null) throw new Error(`cannot write ${quotePath(file)}: it is ${kind}, not a regular file`);
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    // Watched before it exists, so no moment passes in which a signal would leave it behind.
    watch(tmp);
    const f = new AtomicFile(target, tmp, null);
    try {
      f.fd = openSync(tmp, "wx", 0o666);
      // fchmod, not the open mode: the umask would otherwise narrow it.
      if (existing !== null) fchmodSync(f.fd, existing.mode & 0o7777);
    } catch (e) {
      f.abort();
      throw writeError(file, e);
    }
    return f;
  }

  /** Appends text (UTF-8) or bytes. */
  write(content: string | Uint8Array): void {
    this.attempt(() => {
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      for (let done = 0; done < bytes.length;) done += writeSync(this.openFd(), bytes, done, bytes.length - done);
    });
  }

  /** Syncs and renames the temporary file over the target. */
  commit(): void {
    this.attempt(() => {
      fsyncSync(this.openFd());
      closeSync(this.openFd());
      this.fd = null;
      renameSync(this.tmp, this.target);
      unwatch(this.tmp);
    });
  }

  /** Removes the temporary file; the target stays as it was. Safe to call twice. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
    unwatch(this.tmp);
  }

  private attempt(action: () => void): void {
    try {
      action();
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
  f.write(content);
  f.commit();
}

/**
 * The file a name stands for: the name itself, or, for a symbolic link, the end of its chain (which need
 * not exist yet). Writing there replaces the link's target and leaves the link in place.
 */
export function resolveTarget(file: string): string {
  let current = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    const st = lstatOrNull(current);
    if (st === null || !st.isSymbolicLink()) return current;
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

/** The file's stat, or null when it cannot be read (missing, or a folder on the way is). */
export function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its folder is not a folder",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "permission denied",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
};

function writeError(file: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.code === undefined && err.message.startsWith("cannot write")) return err;
  return new Error(
    `cannot write ${quotePath(file)}: ${REASONS[err.code ?? ""] ?? err.code ?? err.message.split("\n")[0]}`,
  );
}

/**
 * Temporary files open right now. A stop signal removes them, then is raised again with the default
 * action, so the process still ends as killed by it (exit status 128 + signal), unless another part of
 * the process listens for it (a Jupyter kernel uses SIGINT to interrupt a cell). Node runs signal handlers
 * between tasks, so a long write yields now and then (see the CLI's run file).
 */
const live = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function watch(tmp: string): void {
  if (live.size === 0) for (const sig of SIGNALS) process.on(sig, onSignal);
  live.add(tmp);
}

function unwatch(tmp: string): void {
  if (live.delete(tmp) && live.size === 0) for (const sig of SIGNALS) process.off(sig, onSignal);
}

function onSignal(sig: NodeJS.Signals): void {
  for (const tmp of [...live]) {
    rmSync(tmp, { force: true });
    unwatch(tmp);
  }
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}
