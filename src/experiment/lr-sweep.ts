import { type Params, cloneParams } from "../model/params";
import { autogradMethod } from "../train/autograd";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type TrainResult } from "../train/trainer";
import { type Mechanism } from "./mechanism";
import { type PairSetup, type RunPair, countingRuns, pairedRuns, referenceRuns } from "./paired-runs";
import { float32BackpropMethod } from "./float32";
import { type Separation, separation } from "./separation";
import { formatCount, formatNumber, formatPercent, formatShortest } from "../format/number";
import { span } from "./claims";
import { VISIBLE_MARGIN } from "./observations";
import { meanSd, median } from "./stats";
import { reorderedBackpropMethod } from "./summation-order";

/*
 * Why the learning rate matters to a comparison of two implementations. Backprop and autograd perform the same
 * floating-point operations in the same order (the engine adds the bias where the derivation does), so paired
 * runs are bitwise identical at any learning rate: there is no last bit for training to amplify. Two programs
 * that compute the same gradient in another order (another library's kernels), or in float32, differ in the
 * last bits of every update. With a small learning rate SGD contracts such differences and the curves stay
 * together to ~1e-13. With a large one, per-sample SGD is chaotic: nearby weight vectors are pushed apart every
 * epoch, and a last-bit difference grows exponentially until the two runs are as different as two seeds. The
 * sweep measures the paired runs and, as controls, three such tiny differences from the same start and order:
 * one initial weight moved by a relative 1e-12, another summation order (summation-order.ts) and float32
 * (float32.ts). (A one-ulp move is too small for the first control: at a large rate the first update rounds it away.)
 */

/** One kind of last-bit difference, trained against float64 backprop from the same weights in the same order. */
export interface SweepControl {
  /** Short name for tables and figures: "one weight nudged", "summation order", "float32". */
  name: string;
  /** What differs, as a phrase: "one initial weight changed by a relative 1 × 10⁻¹²". */
  differs: string;
  /** One per seed: backprop against the control run. */
  seps: Separation[];
  pairs: RunPair[];
  /** Median |Δ|/error over the second half of the run, comparable with LrSweepRow.lateRel. */
  late: number;
}

export interface LrSweepRow {
  lr: number;
  /** Backprop against autograd, same weights and order: one per seed. */
  paired: Separation[];
  /** The controls, in the order of SWEEP_CONTROLS. */
  controls: SweepControl[];
  /** Backprop's final training error over the seeds. */
  finalTrain: { mean: number; sd: number };
  /**
   * Over the second half of the run, the median |Δ|/error of the training errors: between the paired runs
   * (backprop against autograd), and between backprop runs of neighbouring seeds (the seed-to-seed spread at this
   * rate; null with a single seed). Comparable numbers: both are medians of the same statistic over the same epochs.
   */
  lateRel: { paired: number; seeds: number | null };
  /** The backprop/autograd pairs, for counting the observations in this regime. */
  pairs: RunPair[];
}

/** The relative change of one initial weight in the control runs: about 5,000 float64 rounding steps, invisible on any plot. */
export const NUDGE = 1e-12;

/** The initial weights with W1[0,0] multiplied by 1 + NUDGE. */
export function nudged(p: Params): Params {
  const q = cloneParams(p);
  q.W1.data[0] *= 1 + NUDGE;
  return q;
}

/** The controls: how each one's run is started, next to float64 backprop from `init`. */
export const SWEEP_CONTROLS: readonly {
  name: string;
  differs: string;
  method: GradientMethod;
  start: (init: Params) => Params;
}[] = [
  {
    name: "one weight nudged",
    differs: `one initial weight changed by a relative ${formatShortest(NUDGE)}`,
    method: backpropMethod,
    start: nudged,
  },
  {
    name: "summation order",
    differs: "another correct float64 implementation that adds in another order",
    method: reorderedBackpropMethod,
    start: (p) => p,
  },
  {
    name: "float32",
    differs: "the same step in float32 (the default of PyTorch and TensorFlow, emulated)",
    method: float32BackpropMethod,
    start: (p) => p,
  },
];

/** The control the notebook's figure and the chaotic mechanism use: two correct float64 programs. */
export const IMPLEMENTATION_CONTROL = "summation order";

export function learningRateSweep(setup: Omit<PairSetup, "lr">, lrs: readonly number[]): LrSweepRow[] {
  if (lrs.length === 0) throw new Error("learningRateSweep: no learning rates");
  const counted = countingRuns(setup, (2 + SWEEP_CONTROLS.length) * lrs.length * setup.seeds.length);
  return lrs.map((lr) => {
    const atRate: PairSetup = { ...counted, lr };
    const pairs = pairedRuns(atRate, {}, { method: autogradMethod });
    const reference = referenceRuns(pairs);
    const controls = SWEEP_CONTROLS.map((c) => {
      const controlPairs = pairedRuns(atRate, reference, { method: c.method, start: c.start });
      return {
        name: c.name,
        differs: c.differs,
        pairs: controlPairs,
        seps: controlPairs.map((p) => separation(p.reference.history, p.variant.history)),
        late: latePaired(controlPairs),
      };
    });
    const finals = reference.map((r) => r.history[setup.epochs].trainError);
    return {
      lr,
      paired: pairs.map((p) => separation(p.reference.history, p.variant.history)),
      controls,
      finalTrain: meanSd(finals),
      pairs,
      lateRel: lateDifferences(pairs),
    };
  });
}

/** A row's control by name; throws when the sweep has no such control. */
export function control(row: LrSweepRow, name: string): SweepControl {
  const c = row.controls.find((x) => x.name === name);
  if (!c) throw new Error(`learning-rate sweep: no control "${name}" at η = ${row.lr}`);
  return c;
}

/** Seeds whose difference reached a visible size (VISIBLE_MARGIN of the error). */
function visibleSeps(seps: readonly Separation[]): Separation[] {
  return seps.filter((s) => s.visibleEpoch !== null);
}

/** "3–11", "1", or "never" when no seed reached that point. */
function epochSpan(epochs: readonly (number | null)[]): string {
  const reached = epochs.filter((e): e is number => e !== null);
  return reached.length ? span(reached, formatCount) : "never";
}

/**
 * Whether the row is in the chaotic regime: a difference that starts in the last bits (a control, or the paired
 * runs) grows to a visible size. Growth alone is not the test: float32 rounding sits near 1e-6 of the error at
 * any rate and drifts, but only a chaotic rate carries it to a size a plot shows.
 */
export function isChaotic(row: LrSweepRow): boolean {
  return [row.paired, ...row.controls.map((c) => c.seps)].some((seps) => visibleSeps(seps).length > 0);
}

/** See LrSweepRow.lateRel. */
export function lateDifferences(pairs: readonly RunPair[]): { paired: number; seeds: number | null } {
  return { paired: latePaired(pairs), seeds: lateSeeds(pairs) };
}

/** The median of |Δ|/error over the second half of the run, within each pair. */
function latePaired(pairs: readonly RunPair[]): number {
  return median(pairs.flatMap((p) => lateRelative(p.reference, p.variant)));
}

/** The same between the backprop runs of neighbouring seeds; null with one seed. */
function lateSeeds(pairs: readonly RunPair[]): number | null {
  if (pairs.length < 2) return null;
  return median(pairs.slice(1).flatMap((p, i) => lateRelative(pairs[i].reference, p.reference)));
}

/** |a − b| / mean(a, b) of the training errors, epoch by epoch over the second half of the run. */
function lateRelative(a: TrainResult, b: TrainResult): number[] {
  const last = a.history.length - 1;
  const out: number[] = [];
  for (let e = Math.ceil(last / 2); e <= last; e++) {
    const x = a.history[e].trainError;
    const y = b.history[e].trainError;
    out.push(Math.abs(x - y) / ((x + y) / 2));
  }
  return out;
}

/**
 * One sweep row as a mechanism: float64 backprop against another correct float64 implementation (another
 * summation order), same weights and sample order, at the row's learning rate. What separates the two is the
 * last bits of each update and whatever the training makes of them.
 */
export function chaoticMechanism(row: LrSweepRow): Mechanism {
  const c = control(row, IMPLEMENTATION_CONTROL);
  return {
    name: `summation order at η = ${formatShortest(row.lr)}`,
    differs: `nothing but rounding: ${c.differs}, same weights and sample order, at learning rate ${formatShortest(row.lr)}`,
    pairs: c.pairs,
  };
}

/** How a set of separations reads in a table cell: "bitwise identical (4 of 4)", "visible from epoch 4–56 (up to 130%)", "never visible (up to 4.8 × 10⁻¹³)". */
function separationCell(seps: readonly Separation[]): string {
  const identical = seps.filter((s) => s.kind === "bitwise identical").length;
  if (identical === seps.length) return `bitwise identical (${formatCount(identical)} of ${formatCount(seps.length)})`;
  const largest = Math.max(...seps.map((s) => s.maxRel));
  const upTo = largest >= VISIBLE_MARGIN ? formatPercent(largest, 0) : formatNumber(largest, 2);
  const visible = seps.map((s) => s.visibleEpoch).filter((e): e is number => e !== null);
  return visible.length
    ? `visible from epoch ${epochSpan(visible)} in ${formatCount(visible.length)} of ${formatCount(seps.length)} (up to ${upTo})`
    : `never visible (up to ${upTo})`;
}

/** One row per learning rate, for a table: the paired runs and each control against float64 backprop. */
export function sweepTableRows(rows: readonly LrSweepRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    η: r.lr,
    "final train error (mean)": r.finalTrain.mean,
    "backprop vs autograd": separationCell(r.paired),
    ...Object.fromEntries(r.controls.map((c) => [c.name, separationCell(c.seps)])),
  }));
}

const rates = (rs: readonly LrSweepRow[]): string => rs.map((r) => formatShortest(r.lr)).join(", ");
const ofN = (k: number, n: number): string => `${formatCount(k)} of ${formatCount(n)}`;

/** What the paired runs show over the sweep, chosen by their separations. */
function describePairedSweep(rows: readonly LrSweepRow[]): string {
  const all = rows.flatMap((r) => r.paired);
  if (all.every((s) => s.kind === "bitwise identical")) {
    return (
      `At every rate in the sweep (η = ${rates(rows)}) and for every seed, paired backprop and autograd produce bitwise identical ` +
      "histories: the two programs perform the same floating-point operations in the same order, so there is no last-bit " +
      "difference for any learning rate to amplify."
    );
  }
  const partedRows = rows.filter((r) => visibleSeps(r.paired).length > 0);
  const calm = rows.filter((r) => !partedRows.includes(r));
  const calmText = calm.length
    ? `At η = ${rates(calm)} paired backprop and autograd stay within ` +
      `${formatNumber(Math.max(...calm.flatMap((r) => r.paired.map((s) => s.maxRel))), 2)} of the error.`
    : "";
  const partedText = partedRows.map((r) => {
    const parted = visibleSeps(r.paired);
    return (
      `At η = ${formatShortest(r.lr)} paired backprop and autograd part visibly in ${ofN(parted.length, r.paired.length)} seeds, ` +
      `from epoch ${epochSpan(parted.map((s) => s.visibleEpoch))}, a median ${formatPercent(r.lateRel.paired)} of the error ` +
      "over the second half of the run: their last bits differ somewhere, and the training amplifies it."
    );
  });
  return [calmText, ...partedText].filter((t) => t).join(" ");
}

/** What the controls show at one chaotic rate. */
function describeChaoticRate(r: LrSweepRow): string {
  const parts = r.controls.map((c) => {
    const parted = visibleSeps(c.seps);
    const perDecade = parted.map((s) => s.epochsPerDecade).filter((x): x is number => x !== null);
    return (
      `${c.differs} ` +
      (parted.length === 0
        ? `stays within ${formatNumber(Math.max(...c.seps.map((s) => s.maxRel)), 2)} of the error`
        : `grows to a visible ${formatPercent(VISIBLE_MARGIN, 0)} of the error in ${ofN(parted.length, c.seps.length)} seeds, ` +
          `by epoch ${epochSpan(parted.map((s) => s.visibleEpoch))}` +
          (perDecade.length ? ` (tenfold every ${span(perDecade, (x) => formatNumber(x, 2))} epochs)` : ""))
    );
  });
  const impl = r.controls.find((c) => c.name === IMPLEMENTATION_CONTROL) ?? r.controls[0];
  const implParted = visibleSeps(impl.seps).length > 0;
  const seedLate = r.lateRel.seeds;
  const asLarge = seedLate !== null && impl.late >= seedLate / 2;
  const size =
    `Over the second half of the run the ${impl.name} control is a median ${formatPercent(impl.late)} of the error away` +
    (seedLate === null
      ? "."
      : asLarge
        ? `, as large as between runs of different seeds at this rate (${formatPercent(seedLate)}).`
        : `, against ${formatPercent(seedLate)} between runs of different seeds at this rate.`);
  const pairedIdentical = r.paired.every((s) => s.kind === "bitwise identical");
  return (
    `At η = ${formatShortest(r.lr)} the training amplifies the smallest difference. From the same weights in the same order, ` +
    `against float64 backprop: ${parts.join("; ")}. ${size} ` +
    (implParted
      ? (pairedIdentical
          ? "Paired backprop and autograd stay identical here only because they round identically; two correct implementations " +
            "that round differently part, and which one then looks better is decided by rounding, not by the method"
          : "Two implementations that round differently part, and which one then looks better is decided by rounding, not by the method") +
        (asLarge
          ? ": a comparison of their curves would credit one method with a difference as large as a change of seed."
          : ".")
      : "Two correct float64 implementations that round differently still did not part visibly within the sweep's epochs.")
  );
}

/** What the sweep shows, in sentences chosen by its numbers. */
export function describeSweep(rows: readonly LrSweepRow[]): string {
  const wild = rows.filter(isChaotic);
  const calm = rows.filter((r) => !wild.includes(r));
  const calmText = calm.length
    ? `At η = ${rates(calm)} the controls (${rows[0].controls.map((c) => c.name).join(", ")}) stay within ` +
      `${formatNumber(Math.max(...calm.flatMap((r) => r.controls.flatMap((c) => c.seps.map((s) => s.maxRel)))), 2)} of the ` +
      "error: the training keeps such small differences from growing to a visible size."
    : "";
  return [describePairedSweep(rows), calmText, ...wild.map(describeChaoticRate)].filter((t) => t).join(" ");
}
