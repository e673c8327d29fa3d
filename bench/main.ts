/**
 * `npm run bench`: samples per CPU-second (see harness.ts) of each training path on a 3-2-3 network with
 * 1,000 samples, each as a ratio to the hand-unrolled reference. Not part of the tests: timings are not
 * assertions on a shared 2-core machine.
 *
 * Each row runs in processes of its own, each of which measures the reference, the row, and the reference
 * again, and reports the row's rate over the mean of the two; the table shows the median of FORKS such
 * processes. One process per row is how the paths run for a user (a CLI run or a notebook trains one
 * method at one batch size); in a shared process, V8 compiles the stepper's code for every batch size the
 * earlier rows used, and the trainer row's ratio moved by a fifth from one run to the next. Several
 * processes, because even alone V8 now and then compiles the trainer's loop worse for the whole process
 * (JMH runs each benchmark in several forks for the same reason). Taking the reference beside each row
 * also cancels the drift of a shared machine's speed.
 */
import { spawnSync } from "node:child_process";
import { Rng } from "../src/random/prng";
import { zeros } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { type BenchContext, type Measured, printTable } from "./harness";
import { BACKPROP_ROWS, reference } from "./backprop";
import { AUTOGRAD_ROWS, TFJS_ROWS } from "./autograd";

const ROWS = { ...BACKPROP_ROWS, ...AUTOGRAD_ROWS, ...TFJS_ROWS };

/** Processes per row (BENCH_FORKS overrides it). */
const FORKS = Number(process.env.BENCH_FORKS ?? 3);

function context(): BenchContext {
  const rng = new Rng(2024);
  const X = zeros(1000, 3);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return { X, init: initParams(3, 2, rng), lr: 0.1 };
}

/** In a child: measure the reference, the row, the reference; print them as one JSON line. */
async function measureRow(name: string): Promise<void> {
  const row = Object.hasOwn(ROWS, name) ? ROWS[name as keyof typeof ROWS] : undefined;
  if (!row) throw new Error(`no bench row named "${name}"`);
  const ctx = context();
  const before = reference(ctx);
  const rate = await row(ctx);
  const after = reference(ctx);
  const measured: Measured = { name, samplesPerSecond: rate, reference: (before + after) / 2 };
  console.log(JSON.stringify(measured));
}

function main(): void {
  if (!(Number.isInteger(FORKS) && FORKS >= 1)) {
    console.error(`bench: BENCH_FORKS must be a positive whole number, got "${process.env.BENCH_FORKS}"`);
    process.exit(2);
  }
  const results: Measured[] = [];
  for (const name of Object.keys(ROWS)) {
    process.stderr.write(`bench: ${name}…\n`);
    const forks: Measured[] = [];
    for (let f = 0; f < FORKS; f++) {
      const child = spawnSync(process.execPath, [__filename, "--row", name], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(`row "${name}" failed: ${child.stderr.trim().split("\n").pop() ?? ""}`);
      forks.push(JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as Measured);
    }
    // The fork with the median ratio, so the rate and the ratio shown come from one process.
    forks.sort((a, b) => a.samplesPerSecond / a.reference - b.samplesPerSecond / b.reference);
    results.push(forks[Math.floor(forks.length / 2)]);
  }
  printTable(results);
}

try {
  const at = process.argv.indexOf("--row");
  if (at >= 0) {
    measureRow(process.argv[at + 1] ?? "").catch((e: unknown) => {
      console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
  } else {
    main();
  }
} catch (e: unknown) {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
