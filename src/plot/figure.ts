/**
 * The slice of plotly.js's figure format that the builders in this folder produce. Plotly's own type
 * definitions are not installed, so these small interfaces name exactly the attributes used here; a
 * figure is plain JSON, handed unchanged to Plotly.newPlot in the browser.
 */
import { type EpochRecord, type TrainResult } from "../train/trainer";

export type Dash = "solid" | "dash" | "dot" | "dashdot";

export interface Line {
  color?: string;
  dash?: Dash;
  width?: number;
}

export interface Marker {
  /** One colour, or one per point (bars). */
  color?: string | string[];
  symbol?: string;
  size?: number;
  /** Draw at most this many markers along a line (plotly thins them out); 0 = all. */
  maxdisplayed?: number;
  line?: Line;
}

export interface ErrorBar {
  type: "data";
  symmetric: boolean;
  array: number[];
  arrayminus?: number[];
  visible: boolean;
  color?: string;
  thickness?: number;
  width?: number;
}

export interface Trace {
  type: "scatter" | "bar";
  name: string;
  x: (number | string | null)[];
  y: (number | null)[];
  mode?: "lines" | "markers" | "lines+markers" | "text";
  line?: Line;
  marker?: Marker;
  fill?: "none" | "toself";
  fillcolor?: string;
  showlegend?: boolean;
  legendgroup?: string;
  hoverinfo?: "skip" | "x+y+name" | "y+name";
  hovertemplate?: string;
  text?: string[];
  textposition?: "outside" | "inside" | "auto";
  error_y?: ErrorBar;
  /** "x2", "y2", … put the trace on a second panel. */
  xaxis?: string;
  yaxis?: string;
  connectgaps?: boolean;
}

export interface Axis {
  title: { text: string };
  type?: "linear" | "log" | "category";
  /** On a log axis, the range is given in log10 units. */
  range?: [number, number];
  /** "array": ticks exactly at tickvals, labelled with ticktext (see log-ticks.ts). */
  tickmode?: "auto" | "array";
  tickvals?: number[];
  ticktext?: string[];
  domain?: [number, number];
  anchor?: string;
  matches?: string;
  exponentformat?: "power" | "e" | "none";
  showline?: boolean;
  linecolor?: string;
  gridcolor?: string;
  zeroline?: boolean;
  ticks?: "outside" | "";
  automargin?: boolean;
  constrain?: "domain";
  scaleanchor?: string;
}

export interface Annotation {
  text: string;
  xref: "paper" | "x" | "x2" | "x3";
  yref: "paper" | "y" | "y2" | "y3";
  x: number;
  y: number;
  xanchor?: "left" | "center" | "right";
  yanchor?: "top" | "middle" | "bottom";
  showarrow: boolean;
  font?: { size?: number; color?: string };
}

export interface Layout {
  title: {
    text: string;
    /** A second, smaller line under the title: what lines and bands mean, key numbers. */
    subtitle?: { text: string };
    x?: number;
    xanchor?: "left" | "center";
    y?: number;
    yanchor?: "top";
  };
  xaxis: Axis;
  yaxis: Axis;
  xaxis2?: Axis;
  yaxis2?: Axis;
  xaxis3?: Axis;
  yaxis3?: Axis;
  height: number;
  margin: { l: number; r: number; t: number; b: number };
  font: { family: string; size: number; color: string };
  legend: {
    orientation: "h" | "v";
    x: number;
    y: number;
    xanchor?: "left";
    yanchor: "top" | "bottom";
    /** "container": y measured on the whole figure, so the legend sits at its bottom edge. */
    yref?: "container" | "paper";
  };
  showlegend: boolean;
  paper_bgcolor: string;
  plot_bgcolor: string;
  hovermode: "closest" | "x";
  annotations?: Annotation[];
  barmode?: "group";
}

export interface Config {
  responsive: boolean;
  displaylogo: boolean;
  /** Buttons hidden from the modebar; printing hides the whole modebar anyway (see the loader's CSS). */
  modeBarButtonsToRemove: string[];
}

/** A complete plotly figure: what show() draws and what the tests inspect. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config: Config;
}

/** One training run to plot: a label for the legend and its per-epoch errors. */
export interface LabelledHistory {
  label: string;
  history: readonly EpochRecord[];
}

/** A run as the builders accept it: labelled explicitly, or a TrainResult labelled by its method. */
export type RunLike = LabelledHistory | TrainResult;

export function runLabel(run: RunLike): string {
  return "label" in run ? run.label : run.method;
}
