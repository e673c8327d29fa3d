/**
 * How figures tell things apart, in colour and in greyscale print alike:
 * - each method has a colour from the Okabe–Ito palette (safe for the common colour-vision deficiencies)
 *   AND its own marker symbol, so two methods differ even when the colours print as similar greys;
 * - train is a solid line with filled markers, test a dashed line with open markers, whatever the method.
 * Known method names keep the same style in every figure (backprop is always blue circles).
 */
import { type Annotation, type Axis, type Config, type Dash, type Layout } from "./figure";

export interface SeriesStyle {
  color: string;
  symbol: string;
}

const STYLES: readonly SeriesStyle[] = [
  { color: "#0072B2", symbol: "circle" }, // blue
  { color: "#D55E00", symbol: "square" }, // vermillion
  { color: "#009E73", symbol: "diamond" }, // bluish green
  { color: "#CC79A7", symbol: "triangle-up" }, // reddish purple
  { color: "#E69F00", symbol: "cross" }, // orange
  { color: "#56B4E9", symbol: "x" }, // sky blue
  { color: "#000000", symbol: "star" }, // black
];

/** Methods whose style is fixed, so a reader can match them across figures and notebooks. */
const KNOWN_METHODS: readonly string[] = ["backprop", "autograd", "tfjs"];

export const TRAIN_DASH: Dash = "solid";
export const TEST_DASH: Dash = "dash";

/** Markers along a long curve: enough to read the symbol, few enough not to hide the line. */
export const MARKERS_PER_CURVE = 12;

/** Legend entries that fit in one row at print width, counted low so the margin is never too small. */
const LEGEND_ENTRIES_PER_ROW = 3;

/**
 * One style per label, all different while there are styles left: first every label containing a known
 * method name takes that method's style (the first such label, if several do), then the other labels take
 * the free styles in order.
 */
export function assignStyles(labels: readonly string[]): SeriesStyle[] {
  const chosen: number[] = labels.map(() => -1);
  const used = new Set<number>();
  labels.forEach((label, i) => {
    const known = KNOWN_METHODS.findIndex((m) => label.toLowerCase().includes(m));
    if (known >= 0 && !used.has(known)) {
      chosen[i] = known;
      used.add(known);
    }
  });
  labels.forEach((_, i) => {
    if (chosen[i] >= 0) return;
    let free = STYLES.findIndex((_, s) => !used.has(s));
    if (free < 0) free = i % STYLES.length; // more series than styles: reuse, still deterministic
    chosen[i] = free;
    used.add(free);
  });
  return chosen.map((i) => STYLES[i]);
}

/**
 * Line width of series `index` of `count`: the first drawn widest, each later one narrower, so curves that
 * coincide (backprop and autograd do, to rounding) still show both colours, one inside the other.
 */
export function lineWidth(index: number, count: number): number {
  return count <= 1 ? 2 : 3.5 - (2 * index) / (count - 1);
}

/** The open variant of a marker symbol, used for test curves. */
export function openSymbol(symbol: string): string {
  return symbol === "cross" || symbol === "x" ? `${symbol}-thin-open` : `${symbol}-open`;
}

/** A colour with transparency, for bands drawn under lines. */
export function withAlpha(hex: string, alpha: number): string {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

export function axis(title: string, log = false): Axis {
  return {
    title: { text: title },
    type: log ? "log" : "linear",
    exponentformat: "power",
    showline: true,
    linecolor: "#444444",
    gridcolor: "#e6e6e6",
    zeroline: false,
    ticks: "outside",
    automargin: true,
  };
}

/**
 * The layout every figure starts from: white, readable at print size (about 650 px wide), title and
 * subtitle at the top left, legend at the bottom edge below the axis title. `legendEntries` sizes the
 * bottom margin for the legend's rows.
 */
export function baseLayout(
  title: string,
  xaxis: Axis,
  yaxis: Axis,
  options: { subtitle?: string; legendEntries?: number; annotations?: Annotation[] } = {},
): Layout {
  const rows = Math.ceil((options.legendEntries ?? 0) / LEGEND_ENTRIES_PER_ROW);
  return {
    title: {
      text: title,
      ...(options.subtitle ? { subtitle: { text: options.subtitle } } : {}),
      x: 0.02,
      xanchor: "left",
      y: 0.98,
      yanchor: "top",
    },
    xaxis,
    yaxis,
    height: 420,
    margin: { l: 70, r: 20, t: options.subtitle ? 75 : 55, b: 50 + 22 * rows },
    font: { family: "Helvetica, Arial, sans-serif", size: 12, color: "#222222" },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    hovermode: "closest",
    showlegend: rows > 0,
    annotations: options.annotations ?? [],
  };
}

export function baseConfig(): Config {
  return { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
}
