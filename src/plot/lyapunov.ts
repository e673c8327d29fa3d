import { formatCount, formatNumber } from "../format/number";
import { type LyapunovRun } from "../experiment/lyapunov";
import { type Figure, type Trace } from "./figure";
import { axis, baseConfig, baseLayout } from "./style";

/**
 * The largest Lyapunov exponent per epoch of each run of the learning-rate sweep, against η (log axis): above the
 * zero line nearby runs separate exponentially (chaos), at it they keep their distance, below it they converge.
 * Runs that ended above their starting error did not learn; their exponents would swamp the axis and mean
 * nothing about chaos, so they are drawn as crosses along the top edge, their values in the hover text.
 */
export function lyapunovFigure(runs: readonly LyapunovRun[], options: { title: string }): Figure {
  if (runs.length === 0) throw new Error(`lyapunovFigure "${options.title}": no runs`);
  const learnt = runs.filter((r) => !r.diverged);
  const diverged = runs.filter((r) => r.diverged);
  const ys = learnt.map((r) => r.exponent);
  const low = Math.min(0, ...ys);
  const high = Math.max(0, ...ys);
  const pad = 0.08 * (high - low || 1);
  const top = high + 2 * pad;
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "markers",
      name: "learnt (ends below its starting error)",
      x: learnt.map((r) => r.lr),
      y: ys,
      marker: { color: "#0072B2", symbol: "circle", size: 8 },
      text: learnt.map((r) => `seed ${formatCount(r.seed)}`),
      hovertemplate: "η = %{x}, %{text}: λ = %{y:.3f} per epoch<extra></extra>",
    },
    {
      type: "scatter",
      mode: "lines",
      name: "λ = 0",
      x: [Math.min(...runs.map((r) => r.lr)), Math.max(...runs.map((r) => r.lr))],
      y: [0, 0],
      line: { color: "#777777", dash: "dot", width: 1 },
      hoverinfo: "skip",
      showlegend: false,
    },
  ];
  if (diverged.length)
    data.push({
      type: "scatter",
      mode: "markers",
      name: "diverged (ends above its starting error; off scale)",
      x: diverged.map((r) => r.lr),
      y: diverged.map(() => top - pad / 2),
      marker: { color: "#D55E00", symbol: "x", size: 9 },
      text: diverged.map(
        (r) =>
          `seed ${formatCount(r.seed)}: λ = ${formatNumber(r.exponent, 3)}, error ${formatNumber(r.startError, 3)} → ${formatNumber(r.endError, 3)}`,
      ),
      hovertemplate: "η = %{x}, %{text}<extra></extra>",
    });
  const yaxis = axis("largest Lyapunov exponent λ (per epoch)");
  yaxis.range = [low - pad, top];
  // An explicit range with a margin: autorange on a log axis can cut markers at the largest rate.
  const xaxis = axis("learning rate η", true);
  const rates = runs.map((r) => Math.log10(r.lr));
  xaxis.range = [Math.min(...rates) - 0.2, Math.max(...rates) + 0.2];
  const layout = baseLayout(options.title, xaxis, yaxis, {
    subtitle: "Benettin's estimate over the second half of each run; one marker per seed",
    legendEntries: diverged.length ? 2 : 1,
  });
  return { data, layout, config: baseConfig() };
}
