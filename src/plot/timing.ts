import { labelLogAxes } from "./log-ticks";
import { formatSeconds } from "../format/number";
import { type MethodRuns } from "../experiment/runs";
import { type EpochRecord } from "../train/trainer";
import { type Figure, type RunLike, runLabel } from "./figure";
import { assignStyles, axis, baseConfig, baseLayout } from "./style";

/** Seconds per epoch of one method: given directly, from one run, or pooled over a method's runs. */
export type TimingLike = { label: string; seconds: readonly number[] } | RunLike | MethodRuns;

export interface TimingSummary {
  label: string;
  /** Milliseconds per epoch: median and the interquartile range. */
  medianMs: number;
  q25Ms: number;
  q75Ms: number;
  epochs: number;
}

/** The training seconds of every epoch after epoch 0 (epoch 0 trains nothing). */
export function epochSeconds(history: readonly EpochRecord[]): number[] {
  return history.filter((r) => r.epoch > 0).map((r) => r.seconds);
}

/** The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  const s = [...values].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function timingSummary(t: TimingLike): TimingSummary {
  let label: string;
  let seconds: readonly number[];
  if ("seconds" in t) ({ label, seconds } = t);
  else if ("runs" in t) {
    label = t.method;
    seconds = t.runs.flatMap((r) => epochSeconds(r.history));
  } else {
    label = runLabel(t);
    seconds = epochSeconds(t.history);
  }
  if (seconds.length === 0) throw new Error(`timing of "${label}": no training epochs to time`);
  const bad = seconds.findIndex((s) => !(s >= 0) || !Number.isFinite(s));
  if (bad >= 0) throw new Error(`timing of "${label}": epoch time ${bad} is ${seconds[bad]}, not a duration`);
  const ms = seconds.map((s) => s * 1000);
  return {
    label,
    medianMs: quantile(ms, 0.5),
    q25Ms: quantile(ms, 0.25),
    q75Ms: quantile(ms, 0.75),
    epochs: ms.length,
  };
}

export interface TimingOptions {
  title?: string;
  /** Log-scaled time axis, for methods whose times differ by orders of magnitude (default false). */
  logY?: boolean;
  height?: number;
}

/** Median milliseconds per epoch as one bar per method, whiskers from the 25th to the 75th percentile. */
export function timingBars(groups: readonly TimingLike[], options: TimingOptions = {}): Figure {
  if (groups.length === 0) throw new Error("timingBars: no methods to plot");
  const summaries = groups.map(timingSummary);
  const styles = assignStyles(summaries.map((s) => s.label));
  const title = options.title ?? "Training time per epoch";
  const layout = baseLayout(
    title,
    { ...axis("method"), type: "category" },
    axis("time per epoch (ms)", options.logY ?? false),
    { subtitle: "bar: median over epochs; whiskers: 25th to 75th percentile" },
  );
  if (options.height) layout.height = options.height;
  return labelLogAxes({
    data: [
      {
        type: "bar",
        name: "median time per epoch",
        // The numbers go under the bars: text above a bar would collide with its whisker.
        x: summaries.map((s) => `${s.label}<br>${formatMs(s.medianMs)} (${s.epochs} epochs)`),
        y: summaries.map((s) => s.medianMs),
        marker: { color: styles.map((s) => s.color), line: { color: "#222222", width: 1 } },
        error_y: {
          type: "data",
          symmetric: false,
          array: summaries.map((s) => s.q75Ms - s.medianMs),
          arrayminus: summaries.map((s) => s.medianMs - s.q25Ms),
          visible: true,
          color: "#222222",
          thickness: 1.5,
          width: 6,
        },
      },
    ],
    layout,
    config: baseConfig(),
  });
}

function formatMs(ms: number): string {
  return formatSeconds(ms / 1000);
}
