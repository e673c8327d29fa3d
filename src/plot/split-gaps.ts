import { formatCount } from "../format/number";
import { type SplitVariance } from "../experiment/split-variance";
import { type Figure, type Trace } from "./figure";
import { axis, baseConfig, baseLayout } from "./style";

/**
 * Test − training error at the last epoch for each split seed, as bars: above zero the test curve ends above
 * the training curve, below zero under it. Each bar is labelled with how often the two curves crossed.
 */
export function splitGapBars(v: SplitVariance, options: { title: string }): Figure {
  if (v.runs.length === 0) throw new Error(`splitGapBars "${options.title}": no splits`);
  const last = v.runs[0].run.history.length - 1;
  const data: Trace[] = [
    {
      type: "bar",
      name: `test − train at epoch ${formatCount(last)}`,
      x: v.runs.map((r) => String(r.splitSeed)),
      y: v.runs.map((r) => r.finalGap),
      marker: { color: v.runs.map((r) => (r.finalGap < 0 ? "#D55E00" : "#0072B2")) },
      text: v.runs.map((r) => `${formatCount(r.crossings)}×`),
      textposition: "outside",
      hovertemplate: "split %{x}: %{y:.2e}, curves cross %{text}<extra></extra>",
    },
  ];
  const layout = baseLayout(options.title, axis("split seed"), axis("test error − training error"), {
    subtitle: `label: how often the curves cross after epoch 0; ${formatCount(v.testBelowTrain)} of ${formatCount(v.runs.length)} splits end with test below train`,
  });
  layout.xaxis.type = "category";
  return { data, layout, config: baseConfig() };
}
