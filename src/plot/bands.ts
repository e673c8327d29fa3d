import { type MethodRuns } from "../experiment/runs";
import { meanSd } from "../experiment/stats";
import { type EpochRecord } from "../train/trainer";
import { labelLogAxes } from "./log-ticks";
import { type Annotation, type Figure, type Trace } from "./figure";
import { EPOCH_AXIS_TITLE, ERROR_AXIS_TITLE, epochsIn } from "./curves";
import { TEST_DASH, TRAIN_DASH, assignStyles, axis, baseConfig, baseLayout, lineWidth, withAlpha } from "./style";

/** The runs of one method over several seeds. */
export interface SeedGroup {
  label: string;
  histories: readonly (readonly EpochRecord[])[];
}

/** A group as bands() accepts it: explicit, or the MethodRuns that runExperiment returns. */
export type GroupLike = SeedGroup | MethodRuns;

/** "minmax": the band spans the lowest to the highest seed; "sd": mean ± one sample standard deviation. */
export type Spread = "minmax" | "sd";

export interface BandsOptions {
  title: string;
  spread?: Spread;
  /** Log-scaled error axis (default true). With spread "sd", a band reaching 0 or below cannot be drawn and is an error. */
  logY?: boolean;
  epochsRange?: [number, number];
  height?: number;
}

export interface SeedSpread {
  epochs: number[];
  mean: number[];
  lower: number[];
  upper: number[];
}

/**
 * Mean and spread over seeds, per epoch, of one error kind. Uses the epochs every run has, and requires
 * the runs to number their epochs alike (they do when trained with the same options).
 */
export function seedSpread(
  histories: readonly (readonly EpochRecord[])[],
  kind: "trainError" | "testError",
  spread: Spread,
  where: string,
): SeedSpread | null {
  if (histories.length === 0) throw new Error(`${where}: no runs`);
  const length = Math.min(...histories.map((h) => h.length));
  const out: SeedSpread = { epochs: [], mean: [], lower: [], upper: [] };
  for (let i = 0; i < length; i++) {
    const epoch = histories[0][i].epoch;
    const values: number[] = [];
    histories.forEach((h, run) => {
      if (h[i].epoch !== epoch)
        throw new Error(`${where}: run ${run} has epoch ${h[i].epoch} where run 0 has ${epoch}`);
      const v = h[i][kind];
      if (v !== null) values.push(v);
    });
    if (values.length === 0) continue;
    if (values.length !== histories.length)
      throw new Error(`${where}: only some runs have a ${kind} at epoch ${epoch}`);
    const { mean, sd } = meanSd(values);
    out.epochs.push(epoch);
    out.mean.push(mean);
    out.lower.push(spread === "sd" ? mean - sd : Math.min(...values));
    out.upper.push(spread === "sd" ? mean + sd : Math.max(...values));
  }
  return out.epochs.length > 0 ? out : null;
}

/**
 * Mean error and its spread over seeds, one colour per method, in two panels side by side: train (solid
 * lines) on the left and test (dashed) on the right, sharing the error axis so they compare at a glance.
 */
export function bands(groups: readonly GroupLike[], options: BandsOptions): Figure {
  if (groups.length === 0) throw new Error(`bands "${options.title}": no groups to plot`);
  const spread = options.spread ?? "minmax";
  const logY = options.logY ?? true;
  const normalized = groups.map(toSeedGroup);
  const styles = assignStyles(normalized.map((g) => g.label));
  const data: Trace[] = [];
  const seedCounts = new Set<number>();
  let hasTest = false;
  normalized.forEach((group, i) => {
    const where = `bands "${options.title}", group "${group.label}"`;
    const histories = group.histories.map((h) => epochsIn(h, options.epochsRange, where));
    seedCounts.add(histories.length);
    const { color } = styles[i];
    for (const kind of ["trainError", "testError"] as const) {
      const s = seedSpread(histories, kind, spread, where);
      if (!s) continue;
      const train = kind === "trainError";
      if (!train) hasTest = true;
      if (logY) {
        const bad = s.lower.findIndex((v) => !(v > 0));
        if (bad >= 0)
          throw new Error(
            `${where}: the ${spread === "sd" ? "mean − sd" : "lowest"} ${train ? "train" : "test"} error at epoch ` +
              `${s.epochs[bad]} is ${s.lower[bad]}, which a log axis cannot show (use spread "minmax" or logY false)`,
          );
      }
      const axes = train ? {} : { xaxis: "x2", yaxis: "y2" };
      data.push({
        type: "scatter",
        name: `${group.label} ${train ? "train" : "test"} ${spread === "sd" ? "±1 sd" : "min–max"}`,
        x: [...s.epochs, ...[...s.epochs].reverse()],
        y: [...s.upper, ...[...s.lower].reverse()],
        mode: "lines",
        fill: "toself",
        fillcolor: withAlpha(color, 0.18),
        line: { color: withAlpha(color, 0), width: 0 },
        showlegend: false,
        legendgroup: group.label,
        hoverinfo: "skip",
        ...axes,
      });
      data.push({
        type: "scatter",
        name: `${group.label} (mean of ${histories.length})`,
        x: s.epochs,
        y: s.mean,
        mode: "lines",
        line: { color, dash: train ? TRAIN_DASH : TEST_DASH, width: lineWidth(i, normalized.length) },
        showlegend: train,
        legendgroup: group.label,
        ...axes,
      });
    }
  });
  const counts = [...seedCounts].join(" or ");
  const subtitle = `line: mean over ${counts} seeds; band: ${spread === "sd" ? "mean ± 1 sd" : "lowest to highest seed"}`;
  const panelTitle = (text: string, x: number): Annotation => ({
    text,
    xref: "paper",
    yref: "paper",
    x,
    y: 1.0,
    xanchor: "center",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 12 },
  });
  const trainAxis = axis(EPOCH_AXIS_TITLE);
  if (hasTest) trainAxis.domain = [0, 0.47];
  const layout = baseLayout(options.title, trainAxis, axis(ERROR_AXIS_TITLE, logY), {
    subtitle,
    legendEntries: normalized.length,
  });
  if (hasTest) {
    layout.xaxis2 = { ...axis(EPOCH_AXIS_TITLE), domain: [0.53, 1], anchor: "y2" };
    layout.yaxis2 = { ...axis("", logY), anchor: "x2", matches: "y" };
    layout.annotations = [panelTitle("train set (solid)", 0.235), panelTitle("test set (dashed)", 0.765)];
    layout.margin.t += 20;
  }
  if (options.height) layout.height = options.height;
  return labelLogAxes({ data, layout, config: baseConfig() });
}

function toSeedGroup(g: GroupLike): SeedGroup {
  if ("label" in g) return g;
  return { label: g.method, histories: g.runs.map((r) => r.history) };
}
