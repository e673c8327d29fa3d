/** One line of the benchmark table. */
export interface BenchRow {
  name: string;
  /** Samples processed per CPU-second of this process (median of the repeats). */
  samplesPerSecond: number;
  /** Name of the row this one is compared with (measured in the same run), if any. */
  versus?: string;
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

/** Prints the rows as a table: rate, and ratio to the row each one names in `versus`. */
export function printTable(rows: BenchRow[]): void {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"benchmark".padEnd(width)}  ${"samples/s".padStart(11)}  ratio   (s = CPU-seconds of this process)`);
  for (const r of rows) {
    const ref = r.versus ? byName.get(r.versus) : undefined;
    const ratio = ref ? `${(r.samplesPerSecond / ref.samplesPerSecond).toFixed(3)} × ${ref.name}` : "";
    console.log(`${r.name.padEnd(width)}  ${formatRate(r.samplesPerSecond).padStart(11)}  ${ratio}`);
  }
}

/** What every benchmark row gets: 1,000 samples in [0,1]³ and one initialisation, the same for all rows. */
export interface BenchContext {
  X: import("../src/linalg/matrix").Matrix;
  init: import("../src/model/params").Params;
  lr: number;
}
