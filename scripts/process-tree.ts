/**
 * The processes a process started, found through Linux's /proc. Jupyter starts each kernel in a session of
 * its own (so that interrupting a kernel does not reach the server), so signalling the server's process group
 * does not reach its kernels; `npm run lab` lists them before stopping the server and ends any it left.
 */
import { readFileSync, readdirSync } from "node:fs";

/** Parent of each process: field 4 of /proc/PID/stat, after the parenthesised command name. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out; // not Linux: nothing to find
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.set(Number(e), ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every process below `pid` (children, their children, …). */
export function descendants(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [child, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of byParent.get(queue.shift() as number) ?? []) {
      found.push(c);
      queue.push(c);
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
