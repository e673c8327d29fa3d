/** What a row's process reports: the row's rate and the reference's, both in samples per CPU-second. */
export interface Measured {
  name: string;
  /** Samples processed per CPU-second of the row's process (median of the repeats). */
  samplesPerSecond: number;
  /** The reference measured in the same process, before and after the row (the mean of the two). */
  reference: number;
}

/**
 * Milliseconds of CPU time this process has used (user + system, all its threads). The bench times with
 * this rather than the wall clock because the machines it runs on are shared: while other processes hold
 * the cores, the wall clock keeps running but this clock does not, so a row measured during a busy
 * minute is not slowed against one measured during a quiet one. On an idle machine the two agree for
 * single-threaded work; V8's helper threads (garbage collection) count here too, so rows that allocate
 * a lot, like autograd and TF.js, come out slightly slower than by the wall clock, never faster.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `work` (which processes `samples` samples) repeatedly: first warms up for ~warmupMs so V8 has
 * optimised it, then takes `repeats` timings of at least ~minMs each and returns the median rate.
 * Medians, and ratios between rows of one run, are what the bench reports.
 */
export function measure(work: () => void, samples: number, { warmupMs = 200, minMs = 150, repeats = 7 } = {}): number {
  const warmEnd = cpuMs() + warmupMs;
  while (cpuMs() < warmEnd) work();
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let calls = 0;
    const t0 = cpuMs();
    let t1 = t0;
    while (t1 - t0 < minMs) {
      work();
      calls++;
      t1 = cpuMs();
    }
    rates.push((calls * samples) / ((t1 - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

export function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)} M/s`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)} k/s`;
  return `${r.toFixed(0)} /s`;
}

/**
 * Prints the table: the reference's rate (the median over the rows' processes), then each row's rate and its
 * ratio to the reference measured in its own process.
 */
export function printTable(rows: Measured[]): void {
  const refs = rows.map((r) => r.reference).sort((a, b) => a - b);
  const table = [
    { name: "unrolled loop, batch 1 (the reference)", rate: refs[Math.floor(refs.length / 2)], ratio: "1" },
    ...rows.map((r) => ({
      name: r.name,
      rate: r.samplesPerSecond,
      ratio: (r.samplesPerSecond / r.reference).toFixed(3),
    })),
  ];
  const width = Math.max(...table.map((r) => r.name.length));
  console.log(`${"benchmark".padEnd(width)}  ${"samples/s".padStart(11)}  × reference (s = CPU-seconds)`);
  for (const r of table) console.log(`${r.name.padEnd(width)}  ${formatRate(r.rate).padStart(11)}  ${r.ratio}`);
}

/**
 * Epochs each measured call trains, always from the same initial weights, so that every row does the same
 * arithmetic on the same numbers. How fast the same code runs depends on the weights: the unrolled loop
 * takes several percent longer per sample over the first 20 epochs from these weights than on weights
 * trained for thousands of epochs. (The likely cause: V8's Math.exp, a port of fdlibm's, branches on |z| against
 * ln 2 / 2 and 1.5 ln 2, and early pre-activations scatter around those thresholds, so the branches are
 * hard to predict.) A row that kept training one set of weights call after call would therefore look
 * faster than a row that starts over, with no change of code.
 */
export const EPOCHS = 20;

/** What every benchmark row gets: 1,000 samples in [0,1]³ and one initialisation, the same for all rows. */
export interface BenchContext {
  X: import("../src/linalg/matrix").Matrix;
  init: import("../src/model/params").Params;
  lr: number;
}
