import * as fs from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { onExit } from "signal-exit";
import { quotePath } from "../format/quote";

/**
 * Readers see the file as it was or complete: the content goes to `.NAME.<pid>.<hex>.tmp` beside the target (a
 * rename is atomic only within one file system), is flushed, then renamed over it. signal-exit removes the
 * temporary file on any exit but SIGKILL, and lets a stop signal end the process unless something else listens
 * (a Jupyter kernel, for SIGINT). Not write-file-atomic: it takes the whole content at once, and a 10⁷-epoch run
 * file is a gigabyte.
 */
export class AtomicFile {
  readonly target: string;
  private readonly tmp: string;
  private readonly fd: number;
  private readonly forget: () => void;
  private open = true;

  constructor(file: string) {
    this.target = writableTarget(file);
    const existing = statOrNull(this.target);
    const hex = randomBytes(4).toString("hex");
    this.tmp = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.${hex}.tmp`);
    // Registered before the file exists, so no moment passes in which an exit would leave it behind.
    this.forget = onExit(() => fs.rmSync(this.tmp, { force: true }));
    try {
      this.fd = fs.openSync(this.tmp, "wx", 0o666);
    } catch (e) {
      this.forget();
      throw writeError(file, e);
    }
    // fchmod, not the open mode: the umask would otherwise narrow it.
    if (existing !== null) this.attempt(() => fs.fchmodSync(this.fd, existing.mode & 0o7777));
  }

  write(content: string | Uint8Array): void {
    this.attempt(() => fs.writeFileSync(this.fd, content));
  }

  commit(): void {
    this.attempt(() => {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.open = false;
      fs.renameSync(this.tmp, this.target);
    });
    this.forget();
  }

  /** Safe to call twice. */
  abort(): void {
    if (this.open) fs.closeSync(this.fd);
    this.open = false;
    fs.rmSync(this.tmp, { force: true });
    this.forget();
  }

  private attempt(action: () => void): void {
    try {
      action();
    } catch (e) {
      this.abort();
      throw writeError(this.target, e);
    }
  }
}

/**
 * The end of `file`'s chain of symbolic links (the link stays), checked as far as it can be without writing:
 * a regular file or none yet, in a folder this process may write to.
 */
export function writableTarget(file: string): string {
  const target = resolveTarget(file);
  const existing = statOrNull(target);
  const kind = existing === null ? null : specialKind(existing);
  if (kind !== null) throw new Error(`cannot write ${quotePath(file)}: it is ${kind}, not a regular file`);
  try {
    fs.accessSync(dirname(target), fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw writeError(file, e);
  }
  return target;
}

/** A dangling link's target is created, as a shell's `>` does, rather than the link replaced by a file. */
function resolveTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw writeError(file, e);
  }
  const link = orNull(() => fs.lstatSync(file))?.isSymbolicLink() ? fs.readlinkSync(file) : null;
  // A chain that ends in a missing name is finite: a loop is realpath's ELOOP.
  return link === null ? resolve(file) : resolveTarget(resolve(dirname(file), link));
}

function specialKind(st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

export function statOrNull(file: string): fs.Stats | null {
  return orNull(() => fs.statSync(file));
}

function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its folder is not a folder",
  EISDIR: "it is a directory",
  EACCES: "its folder is not writable",
  EPERM: "permission denied",
  EROFS: "its file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ELOOP: "too many levels of symbolic links",
};

function writeError(file: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.code === undefined && err.message.startsWith("cannot write")) return err;
  return new Error(
    `cannot write ${quotePath(file)}: ${REASONS[err.code ?? ""] ?? err.code ?? err.message.split("\n")[0]}`,
  );
}
