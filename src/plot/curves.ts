import { type EpochRecord } from "../train/trainer";
import { labelLogAxes } from "./log-ticks";
import { reduceCurve } from "./reduce";
import { type Figure, type RunLike, type Trace, runLabel } from "./figure";
import {
  MARKERS_PER_CURVE,
  TEST_DASH,
  TRAIN_DASH,
  assignStyles,
  axis,
  baseConfig,
  baseLayout,
  lineWidth,
  openSymbol,
} from "./style";

export interface ErrorCurvesOptions {
  title: string;
  /** Log-scaled error axis (default true): early and late errors differ by orders of magnitude. */
  logY?: boolean;
  /** Only the epochs from..to (inclusive), e.g. [0, 50] to look at the start of training. */
  epochsRange?: [number, number];
  height?: number;
}

export const ERROR_AXIS_TITLE = "mean error per sample, E = Σ(x̂ − x)²";
export const EPOCH_AXIS_TITLE = "epoch (0 = initial weights)";

/**
 * Train and test error against epoch for one or more runs: per run one solid train curve and one dashed
 * test curve (left out when the run has no test set), in the run's colour and marker.
 */
export function errorCurves(runs: readonly RunLike[], options: ErrorCurvesOptions): Figure {
  if (runs.length === 0) throw new Error(`errorCurves "${options.title}": no runs to plot`);
  const logY = options.logY ?? true;
  const labels = runs.map(runLabel);
  const styles = assignStyles(labels);
  const data: Trace[] = [];
  runs.forEach((run, i) => {
    const records = epochsIn(run.history, options.epochsRange, `errorCurves "${options.title}", run "${labels[i]}"`);
    const x = records.map((r) => r.epoch);
    const { color, symbol } = styles[i];
    const curve = (split: "train" | "test", values: (number | null)[]): Trace => ({
      type: "scatter",
      name: `${labels[i]} ${split}`,
      // A long run is drawn from a few thousand points, each bucket's lowest and highest (reduce.ts).
      ...reduceCurve(x, values),
      mode: "lines+markers",
      line: { color, dash: split === "train" ? TRAIN_DASH : TEST_DASH, width: lineWidth(i, runs.length) },
      marker: {
        color,
        symbol: split === "train" ? symbol : openSymbol(symbol),
        size: 7,
        maxdisplayed: MARKERS_PER_CURVE,
      },
      legendgroup: labels[i],
    });
    data.push(
      curve(
        "train",
        records.map((r) => plottable(r.trainError, logY)),
      ),
    );
    const test = records.map((r) => plottable(r.testError, logY));
    if (test.some((v) => v !== null)) data.push(curve("test", test));
  });
  const layout = baseLayout(options.title, axis(EPOCH_AXIS_TITLE), axis(ERROR_AXIS_TITLE, logY), {
    legendEntries: data.length,
  });
  if (options.height) layout.height = options.height;
  return labelLogAxes({ data, layout, config: baseConfig() });
}

/** The records with epoch in [from, to]; all of them without a range. Throws if none is left. */
export function epochsIn(
  history: readonly EpochRecord[],
  range: [number, number] | undefined,
  where: string,
): EpochRecord[] {
  if (history.length === 0) throw new Error(`${where}: the history is empty`);
  if (!range) return [...history];
  const [from, to] = range;
  if (!(from <= to)) throw new Error(`${where}: epochsRange [${from}, ${to}] is empty (from must be ≤ to)`);
  const kept = history.filter((r) => r.epoch >= from && r.epoch <= to);
  if (kept.length === 0) {
    const last = history[history.length - 1].epoch;
    throw new Error(`${where}: no epoch in [${from}, ${to}] (the history covers ${history[0].epoch}..${last})`);
  }
  return kept;
}

/** A value plotly can draw: null (a gap) for a missing test error, NaN, ±∞, or a non-positive value on a log axis. */
export function plottable(v: number | null, logY: boolean): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  if (logY && v <= 0) return null;
  return v;
}
