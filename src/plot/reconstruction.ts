import { type Matrix, shape } from "../linalg/matrix";
import { type Axis, type Figure, type Layout, type Trace } from "./figure";
import { axis, baseConfig, baseLayout } from "./style";

export interface ReconstructionOptions {
  title?: string;
  /** Column names for the axes (default x1, x2, …). */
  featureNames?: readonly string[];
  height?: number;
}

/**
 * Samples x and their reconstructions x̂ seen in 2-D projections (feature pairs 1–2, 1–3, 2–3; at most three
 * panels), each sample joined to its reconstruction by a thin line: short lines mean a good autoencoder.
 * Plain 2-D scatter, no WebGL, so it prints the same as it shows.
 */
export function reconstructionScatter(data: Matrix, recon: Matrix, options: ReconstructionOptions = {}): Figure {
  if (data.rows !== recon.rows || data.cols !== recon.cols)
    throw new Error(`reconstructionScatter: data is ${shape(data)} but the reconstruction is ${shape(recon)}`);
  if (data.cols < 2) throw new Error(`reconstructionScatter: needs at least 2 features, the data has ${data.cols}`);
  const names = options.featureNames ?? Array.from({ length: data.cols }, (_, j) => `x${j + 1}`);
  if (names.length !== data.cols)
    throw new Error(`reconstructionScatter: ${names.length} feature names for ${data.cols} features`);
  const pairs: [number, number][] = [];
  for (let a = 0; a < data.cols && pairs.length < 3; a++)
    for (let b = a + 1; b < data.cols && pairs.length < 3; b++) pairs.push([a, b]);

  const col = (m: Matrix, j: number): number[] => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
  const traces: Trace[] = [];
  const axes: { x: Axis; y: Axis }[] = [];
  const gap = 0.12; // room for the y-axis titles between panels
  const width = (1 - gap * (pairs.length - 1)) / pairs.length;
  pairs.forEach(([a, b], p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const onPanel = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    const first = p === 0;
    const links: { x: (number | null)[]; y: (number | null)[] } = { x: [], y: [] };
    for (let i = 0; i < data.rows; i++) {
      links.x.push(data.data[i * data.cols + a], recon.data[i * recon.cols + a], null);
      links.y.push(data.data[i * data.cols + b], recon.data[i * recon.cols + b], null);
    }
    traces.push(
      {
        type: "scatter",
        name: "sample → reconstruction",
        ...links,
        mode: "lines",
        line: { color: "#9a9a9a", width: 1 },
        hoverinfo: "skip",
        showlegend: first,
        legendgroup: "links",
        ...onPanel,
      },
      {
        type: "scatter",
        name: "sample x",
        x: col(data, a),
        y: col(data, b),
        mode: "markers",
        marker: { color: "#0072B2", symbol: "circle-open", size: 6 },
        showlegend: first,
        legendgroup: "data",
        ...onPanel,
      },
      {
        type: "scatter",
        name: "reconstruction x̂",
        x: col(recon, a),
        y: col(recon, b),
        mode: "markers",
        marker: { color: "#D55E00", symbol: "x", size: 6 },
        showlegend: first,
        legendgroup: "recon",
        ...onPanel,
      },
    );
    const start = p * (width + gap);
    axes.push({
      x: { ...axis(names[a]), domain: [start, start + width], anchor: `y${suffix}` },
      y: { ...axis(names[b]), anchor: `x${suffix}` },
    });
  });
  const layout: Layout = baseLayout(options.title ?? "Samples and their reconstructions", axes[0].x, axes[0].y, {
    legendEntries: 3,
  });
  if (axes[1]) {
    layout.xaxis2 = axes[1].x;
    layout.yaxis2 = axes[1].y;
  }
  if (axes[2]) {
    layout.xaxis3 = axes[2].x;
    layout.yaxis3 = axes[2].y;
  }
  layout.height = options.height ?? 380;
  return { data: traces, layout, config: baseConfig() };
}
