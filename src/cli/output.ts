import { AtomicFile } from "../data/atomic-write";
import { checkOutputFile, OutputFileError } from "../data/output-file";
import { quotePath } from "../data/quote";
import { UsageError } from "./args";
import { type TextSink } from "./run-file";

/** Where a command's output goes: stdout, or a file checked against the output-file policy. */
export interface OutputPlan {
  /** The file as given, or undefined for stdout. */
  file: string | undefined;
  /** Bytes free in the file's folder (null for stdout or when unknown). */
  freeBytes: number | null;
}

/**
 * Applies the output-file policy (data/output-file.ts) to `flag`'s value before any work, turning a
 * refusal into a usage error (exit 2) that names the flag; removes temporary files that killed runs left
 * next to it and says so (unless quiet).
 */
export function planOutput(
  flag: string,
  file: string | undefined,
  inputs: readonly string[],
  quiet: boolean,
): OutputPlan {
  if (file === undefined) return { file, freeBytes: null };
  let check;
  try {
    check = checkOutputFile(file, inputs);
  } catch (e) {
    if (e instanceof OutputFileError) throw new UsageError(`${flag} ${e.message}`);
    throw e;
  }
  if (!quiet) {
    for (const f of check.removedStale) {
      process.stderr.write(`backprop-lab: removed ${quotePath(f)}, left behind by a run that was killed\n`);
    }
    for (const f of check.inUse) {
      process.stderr.write(`backprop-lab: note: ${quotePath(f)} is being written by another running process\n`);
    }
  }
  return { file, freeBytes: check.freeBytes };
}

/**
 * Runs `produce` with a sink into the planned output. A file is written atomically: the temporary file
 * is renamed over the target only when `produce` has finished, and removed on an error or a stop signal
 * (the sink pauses after each piece so that a signal is handled while a long file is written).
 */
export async function writeOutput(plan: OutputPlan, produce: (sink: TextSink) => Promise<void>): Promise<void> {
  if (plan.file === undefined) {
    // A reader that went away (`| head`) closes the pipe: the rest is dropped, the run still ends normally
    // and returns its own exit code (main.ts keeps the EPIPE from becoming an error).
    await produce(async (text) => {
      if (stdoutClosed()) return;
      process.stdout.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    return;
  }
  const f = AtomicFile.open(plan.file);
  try {
    await produce(async (text) => {
      f.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
}

let closed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") closed = true;
});

/** Whether stdout's reader has gone away (an EPIPE was seen). */
export function stdoutClosed(): boolean {
  return closed;
}
