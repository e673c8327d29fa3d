import { formatPercent, formatShortest } from "../format/number";
import { type LrSweepRow } from "../experiment/lr-sweep";
import { VISIBLE_MARGIN } from "../experiment/observations";
import { EPOCH_AXIS_TITLE } from "./curves";
import { type Figure, type Trace } from "./figure";
import { assignStyles, axis, baseConfig, baseLayout } from "./style";

/**
 * |backprop − autograd| / error per epoch for paired runs at each learning rate of a sweep (one seed), on a
 * log axis: flat near 1e-15 where training keeps rounding small, a straight rising line where it amplifies it
 * exponentially. Epochs where the two are bitwise equal cannot be drawn on a log axis and are left out.
 */
export function separationCurves(rows: readonly LrSweepRow[], options: { title: string; seedIndex?: number }): Figure {
  if (rows.length === 0) throw new Error(`separationCurves "${options.title}": no learning rates`);
  const k = options.seedIndex ?? 0;
  const labels = rows.map((r) => `η = ${formatShortest(r.lr)}`);
  const styles = assignStyles(labels);
  const data: Trace[] = rows.map((r, i) => {
    const sep = r.paired[k];
    if (!sep) throw new Error(`separationCurves: no seed ${k} at η = ${r.lr}`);
    return {
      type: "scatter",
      name: labels[i],
      x: sep.relative.map((_, e) => e),
      y: sep.relative.map((v) => (v > 0 ? v : null)),
      mode: "lines",
      line: { color: styles[i].color, width: 1.5 },
    };
  });
  const epochs = rows[0].paired[k].relative.length - 1;
  data.push({
    type: "scatter",
    name: `visible (${formatPercent(VISIBLE_MARGIN, 0)})`,
    x: [0, epochs],
    y: [VISIBLE_MARGIN, VISIBLE_MARGIN],
    mode: "lines",
    line: { color: "#444444", dash: "dot", width: 1.5 },
  });
  const layout = baseLayout(
    options.title,
    axis(EPOCH_AXIS_TITLE),
    axis("|backprop − autograd| / error (training)", true),
    {
      subtitle: "same initial weights and sample order; gaps are epochs where the two are bitwise equal",
      legendEntries: data.length,
    },
  );
  return { data, layout, config: baseConfig() };
}
