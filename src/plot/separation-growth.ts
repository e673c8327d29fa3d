import { formatPercent, formatShortest } from "../format/number";
import { IMPLEMENTATION_CONTROL, type LrSweepRow, control } from "../experiment/lr-sweep";
import { VISIBLE_MARGIN } from "../experiment/observations";
import { EPOCH_AXIS_TITLE } from "./curves";
import { type Dash, type Figure, type Trace } from "./figure";
import { assignStyles, axis, baseConfig, baseLayout } from "./style";

/**
 * |Δ| / error per epoch between float64 backprop and one of the sweep's controls (by default another summation
 * order) at each learning rate (one seed), on a log axis: flat near 1e-15 where training keeps last-bit
 * differences small, a straight rising line where it amplifies them exponentially. Paired backprop/autograd runs
 * are drawn dashed where they differ at all; epochs where two runs are bitwise equal cannot be drawn on a log
 * axis and are left out, and the subtitle says when that is every epoch of the paired runs.
 */
export function separationCurves(
  rows: readonly LrSweepRow[],
  options: { title: string; seedIndex?: number; control?: string },
): Figure {
  if (rows.length === 0) throw new Error(`separationCurves "${options.title}": no learning rates`);
  const k = options.seedIndex ?? 0;
  const name = options.control ?? IMPLEMENTATION_CONTROL;
  const labels = rows.map((r) => `η = ${formatShortest(r.lr)}`);
  const styles = assignStyles(labels);
  const curve = (relative: readonly number[], label: string, color: string, dash: Dash): Trace => ({
    type: "scatter",
    name: label,
    x: relative.map((_, e) => e),
    y: relative.map((v) => (v > 0 ? v : null)),
    mode: "lines",
    line: { color, width: 1.5, dash },
  });
  const data: Trace[] = [];
  let pairedDrawn = false;
  rows.forEach((r, i) => {
    const sep = control(r, name).seps[k];
    const paired = r.paired[k];
    if (!sep || !paired) throw new Error(`separationCurves: no seed ${k} at η = ${r.lr}`);
    data.push(curve(sep.relative, labels[i], styles[i].color, "solid"));
    if (paired.firstEpoch !== null) {
      pairedDrawn = true;
      data.push(curve(paired.relative, `${labels[i]}, backprop vs autograd`, styles[i].color, "dash"));
    }
  });
  const epochs = control(rows[0], name).seps[k].relative.length - 1;
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
    axis(`|backprop − ${name}| / error (training)`, true),
    {
      subtitle:
        "same initial weights and sample order; " +
        (pairedDrawn
          ? "dashed: backprop against autograd; gaps are epochs where two runs are bitwise equal"
          : "backprop and autograd are bitwise identical at every rate, so they have no line"),
      legendEntries: data.length,
    },
  );
  return { data, layout, config: baseConfig() };
}
