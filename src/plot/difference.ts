import { type EpochRecord } from "../train/trainer";
import { type Figure, type RunLike, type Trace, runLabel } from "./figure";
import { EPOCH_AXIS_TITLE } from "./curves";
import { axis, baseConfig, baseLayout } from "./style";
import { labelLogAxes } from "./log-ticks";
import { formatCount, formatCountOf, formatDifference } from "../format/number";

/** |A − B| per epoch for two runs, over the epochs both have. */
export interface HistoryDifference {
  epochs: number[];
  train: number[];
  /** null where either run has no test error. */
  test: (number | null)[];
  /** The largest train and test difference and where it occurs (test: null without test errors). */
  maxTrain: { epoch: number; value: number };
  maxTest: { epoch: number; value: number } | null;
  /** ε·max(|A|, |B|) of the train errors (ε = 2⁻⁵²): the size of one rounding step of a double near that error. */
  roundingTrain: number[];
}

export function historyDifference(a: readonly EpochRecord[], b: readonly EpochRecord[]): HistoryDifference {
  const byEpoch = new Map(b.map((r) => [r.epoch, r] as const));
  const out: HistoryDifference = {
    epochs: [],
    train: [],
    test: [],
    maxTrain: { epoch: NaN, value: -Infinity },
    maxTest: null,
    roundingTrain: [],
  };
  for (const ra of a) {
    const rb = byEpoch.get(ra.epoch);
    if (!rb) continue;
    const train = Math.abs(ra.trainError - rb.trainError);
    const test = ra.testError !== null && rb.testError !== null ? Math.abs(ra.testError - rb.testError) : null;
    out.epochs.push(ra.epoch);
    out.train.push(train);
    out.test.push(test);
    out.roundingTrain.push(Number.EPSILON * Math.max(Math.abs(ra.trainError), Math.abs(rb.trainError)));
    if (train > out.maxTrain.value) out.maxTrain = { epoch: ra.epoch, value: train };
    if (test !== null && (out.maxTest === null || test > out.maxTest.value))
      out.maxTest = { epoch: ra.epoch, value: test };
  }
  if (out.epochs.length === 0) throw new Error("historyDifference: the two histories have no epoch in common");
  return out;
}

export interface DifferenceOptions {
  title?: string;
  height?: number;
  /** Epochs per point of the |A − B| lines (default: enough for at most 200 points per line). */
  block?: number;
}

/** Points per |A − B| line before epochs are taken in blocks (see differenceCurves). */
export const MAX_POINTS_PER_LINE = 200;

/**
 * The largest positive value of each block of `block` consecutive entries, at the block's first epoch; a
 * block with none (all exactly 0, or missing) is a gap (null), since a log axis cannot show 0.
 */
export function blockMax(
  epochs: readonly number[],
  values: readonly (number | null)[],
  block: number,
): { x: number[]; y: (number | null)[] } {
  if (!Number.isInteger(block) || block < 1)
    throw new Error(`blockMax: block must be a positive integer, got ${block}`);
  const x: number[] = [];
  const y: (number | null)[] = [];
  for (let start = 0; start < epochs.length; start += block) {
    let best: number | null = null;
    for (let i = start; i < Math.min(start + block, epochs.length); i++) {
      const v = values[i];
      if (v !== null && v > 0 && Number.isFinite(v) && (best === null || v > best)) best = v;
    }
    x.push(epochs[start]);
    y.push(best);
  }
  return { x, y };
}

/**
 * |error_A − error_B| per epoch on a log axis, train (solid line) and test (dashed), with ε × train error for
 * reference: the size of one rounding step of a double near the error, so curves near it mean the two
 * methods agree to the last bits.
 * Black and grey, not a method's colour: every line here compares two methods.
 * A log axis cannot show an exact 0, so zero differences are left out of the lines and counted in the subtitle.
 */
export function differenceCurves(a: RunLike, b: RunLike, options: DifferenceOptions = {}): Figure {
  const la = runLabel(a);
  const lb = runLabel(b);
  const d = historyDifference(a.history, b.history);
  const title = options.title ?? `${la} against ${lb}: difference of their errors per epoch`;
  // Lines, not points: at rounding level the differences jump from epoch to epoch, and hundreds of markers
  // make a cloud in which the two series cannot be told apart. Over many epochs even a line zigzags into a
  // band, so each line then shows the largest difference in each block of epochs: the envelope, which keeps
  // every maximum (the subtitle's too) and drops only the dips between them.
  const block = options.block ?? Math.max(1, Math.ceil(d.epochs.length / MAX_POINTS_PER_LINE));
  const env = (ys: readonly (number | null)[]) => blockMax(d.epochs, ys, block);
  const per = block > 1 ? ` (largest in each ${formatCountOf(block, "epoch")})` : "";
  const train = env(d.train);
  const data: Trace[] = [
    {
      type: "scatter",
      name: `train |A − B|${per}`,
      x: train.x,
      y: train.y,
      mode: "lines",
      line: { color: "#222222", dash: "solid", width: 1.5 },
    },
  ];
  if (d.test.some((v) => v !== null)) {
    const test = env(d.test);
    data.push({
      type: "scatter",
      name: `test |A − B|${per}`,
      x: test.x,
      y: test.y,
      mode: "lines",
      line: { color: "#777777", dash: "dash", width: 1.5 },
    });
  }
  data.push({
    type: "scatter",
    name: "ε × train error (one float64 rounding step)",
    x: d.epochs,
    y: d.roundingTrain.map((v) => (v > 0 && Number.isFinite(v) ? v : null)),
    mode: "lines",
    line: { color: "#999999", dash: "dot", width: 1.5 },
  });

  const values = [...d.train, ...d.test.filter((v): v is number => v !== null)];
  const zeros = values.filter((v) => v === 0).length;
  const fmt = (v: number): string => formatDifference(v);
  const largest =
    `max train ${fmt(d.maxTrain.value)} (epoch ${d.maxTrain.epoch})` +
    (d.maxTest ? `, test ${fmt(d.maxTest.value)} (epoch ${d.maxTest.epoch})` : "");
  const zeroNote =
    zeros > 0 ? `; ${formatCount(zeros)} of ${formatCount(values.length)} values exactly 0 (not drawn)` : "";

  const yAxis = axis(`|error(${la}) − error(${lb})|`, true);
  const layout = baseLayout(title, axis(EPOCH_AXIS_TITLE), yAxis, {
    subtitle: largest + zeroNote,
    legendEntries: data.length,
  });
  if (options.height) layout.height = options.height;
  return labelLogAxes({ data, layout, config: baseConfig() });
}
