import { formatCount, formatPercent } from "../format/number";
import { type EffectAt } from "../experiment/mechanism";
import { VISIBLE_MARGIN } from "../experiment/observations";
import { type Figure, type Trace } from "./figure";
import { assignStyles, axis, baseConfig, baseLayout } from "./style";

export interface MechanismEffectRow {
  /** The mechanism's name: the bar group's label. */
  name: string;
  /** Its effect sizes, one per epoch, all rows at the same epochs. */
  sizes: readonly EffectAt[];
}

/**
 * How far each mechanism moves the training error, as a fraction of the error (median over its pairs), one bar
 * per epoch, on a log axis so that rounding (1e-15) and seed-to-seed spread (1e-1) fit on one figure; a dotted
 * line marks what a plot of the curves would show. Exact zeros cannot be drawn on a log axis and are left out.
 */
export function mechanismEffectBars(rows: readonly MechanismEffectRow[], options: { title: string }): Figure {
  if (rows.length === 0) throw new Error(`mechanismEffectBars "${options.title}": no mechanisms`);
  const epochs = rows[0].sizes.map((s) => s.epoch);
  const styles = assignStyles(epochs.map((e) => `epoch ${e}`));
  const names = rows.map((r) => r.name);
  const data: Trace[] = epochs.map((epoch, i) => ({
    type: "bar",
    name: `after ${formatCount(epoch)} epoch${epoch === 1 ? "" : "s"}`,
    x: names,
    y: rows.map((r) => {
      const s = r.sizes.find((z) => z.epoch === epoch);
      if (!s) throw new Error(`mechanismEffectBars: "${r.name}" has no effect size at epoch ${epoch}`);
      return s.medianRel > 0 ? s.medianRel : null;
    }),
    marker: { color: styles[i].color },
    hovertemplate: "%{x}: %{y:.2e} of the error<extra></extra>",
  }));
  data.push({
    type: "scatter",
    name: `visible on a plot (${formatPercent(VISIBLE_MARGIN, 0)} of the error)`,
    x: names,
    y: names.map(() => VISIBLE_MARGIN),
    mode: "lines",
    line: { color: "#444444", dash: "dot", width: 1.5 },
  });
  const layout = baseLayout(
    options.title,
    axis("what the two runs of a pair differ in"),
    axis("median |Δ error| / error", true),
    {
      subtitle: "median over pairs of runs that differ in one thing only",
      legendEntries: data.length,
    },
  );
  layout.barmode = "group";
  layout.xaxis.type = "category";
  return { data, layout, config: baseConfig() };
}
