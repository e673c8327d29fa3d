/**
 * Tick labels for log axes that a reader takes in at a glance, chosen here instead of by plotly (whose
 * automatic log ticks label the minor steps 2…9 against each decade, or drop a decade's label, depending on
 * the data range):
 * - two or more powers of ten inside the data: decades only (every 2nd or 3rd when there are many);
 * - fewer: the 1-2-5 steps, with the axis widened to the nearest step below and above the data, so at
 *   least two labelled ticks show whatever the range.
 * Labels use the project's number format (0.01, 2 × 10⁻⁵).
 */
import { formatNumber } from "../format/number";
import { type Axis, type Figure } from "./figure";

/** Most decade labels on one axis before every 2nd, 3rd, … decade is labelled instead. */
const MAX_DECADE_LABELS = 8;

export interface LogTicks {
  tickvals: number[];
  ticktext: string[];
  /** Set only when the 1-2-5 steps are used: log10 of the widened axis ends. */
  range?: [number, number];
}

function label(v: number): string {
  // formatNumber(1e-5, 1) is "1 × 10⁻⁵"; a decade reads better as "10⁻⁵".
  return formatNumber(v, 1).replace(/^1 × /, "");
}

/** Ticks for the positive, finite values (the only ones a log axis draws); null if there are none. */
export function logTicks(values: readonly (number | null)[]): LogTicks | null {
  // A loop, not Math.min(...values): spreading a long run's million values overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v) || v <= 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  // Round trip through toPrecision: 10 ** -3 is 0.0010000000000000002.
  const pow = (k: number): number => Number((10 ** k).toPrecision(12));
  const inside: number[] = [];
  for (let k = lo; k <= hi; k++) if (pow(k) >= min && pow(k) <= max) inside.push(k);
  if (inside.length >= 2) {
    const step = Math.ceil(inside.length / MAX_DECADE_LABELS);
    // Decades just outside the data are listed too: plotly pads the range and shows them if they fit.
    const tickvals: number[] = [];
    for (let k = lo; k <= hi; k++) if ((k - inside[0]) % step === 0) tickvals.push(pow(k));
    return { tickvals, ticktext: tickvals.map(label) };
  }
  const steps: number[] = [];
  for (let k = lo - 1; k <= hi; k++) for (const m of [1, 2, 5]) steps.push(Number((m * 10 ** k).toPrecision(12)));
  const below = Math.max(...steps.filter((s) => s <= min));
  const above = Math.min(...steps.filter((s) => s >= max));
  const tickvals = steps.filter((s) => s >= below && s <= above);
  if (tickvals.length < 2) tickvals.push(steps[steps.indexOf(above) + 1]); // min = max = a step: show the next one too
  const pad = 0.03; // decades, so markers on the end ticks are not cut in half
  return {
    tickvals,
    ticktext: tickvals.map(label),
    range: [Math.log10(tickvals[0]) - pad, Math.log10(tickvals[tickvals.length - 1]) + pad],
  };
}

/**
 * Gives every log y axis of the figure the ticks above, from the values of the traces drawn on it (axes
 * that `match` another share one set of ticks). Call it last in a figure builder.
 */
export function labelLogAxes(fig: Figure): Figure {
  const names = ["yaxis", "yaxis2", "yaxis3"] as const;
  const axisOf = (ref: string | undefined): (typeof names)[number] =>
    ref === "y2" ? "yaxis2" : ref === "y3" ? "yaxis3" : "yaxis";
  const groupOf = (name: (typeof names)[number]): string => {
    const a = fig.layout[name];
    return a?.matches ? axisOf(a.matches) : name;
  };
  const values = new Map<string, (number | null)[]>();
  for (const t of fig.data) {
    const g = groupOf(axisOf(t.yaxis));
    const list = values.get(g) ?? [];
    for (const v of t.y) list.push(v);
    values.set(g, list);
  }
  for (const name of names) {
    const a: Axis | undefined = fig.layout[name];
    if (!a || a.type !== "log") continue;
    const ticks = logTicks(values.get(groupOf(name)) ?? []);
    if (!ticks) continue;
    a.tickmode = "array";
    a.tickvals = ticks.tickvals;
    a.ticktext = ticks.ticktext;
    if (ticks.range && !a.matches) a.range = ticks.range;
  }
  return fig;
}
