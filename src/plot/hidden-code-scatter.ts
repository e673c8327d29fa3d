import { type Matrix } from "../linalg/matrix";
import { type Figure, type Trace } from "./figure";
import { assignStyles, axis, baseConfig, baseLayout } from "./style";

export interface HiddenCodeOptions {
  title?: string;
  subtitle?: string;
  /** Axis titles (default "hidden unit 1 output O1,1" …). */
  axisTitles?: [string, string];
  /** A group name per row (e.g. the species): one colour and marker per group. Default: one group. */
  groups?: readonly string[];
  /** Rows drawn with open markers (e.g. the test rows); the rest filled. */
  openRows?: ReadonlySet<number>;
  height?: number;
}

/**
 * The two-number code a bottleneck keeps for every sample, one point per row of `codes` (N×2, e.g. the hidden
 * outputs O1 or the first two PCA scores), coloured by group. Groups that land apart were told apart by the
 * code, although the network never saw the group labels.
 */
export function hiddenCodeScatter(codes: Matrix, options: HiddenCodeOptions = {}): Figure {
  if (codes.cols !== 2) throw new Error(`hiddenCodeScatter: codes must have 2 columns, got ${codes.cols}`);
  const groups = options.groups ?? Array.from({ length: codes.rows }, () => "samples");
  if (groups.length !== codes.rows)
    throw new Error(`hiddenCodeScatter: ${groups.length} group names for ${codes.rows} rows`);
  const names = [...new Set(groups)];
  const styles = assignStyles(names);
  const open = options.openRows ?? new Set<number>();
  const traces: Trace[] = [];
  names.forEach((name, g) => {
    for (const hollow of [false, true]) {
      const rows = groups.flatMap((v, r) => (v === name && open.has(r) === hollow ? [r] : []));
      if (rows.length === 0) continue;
      traces.push({
        type: "scatter",
        name: hollow ? `${name} (open: test row)` : name,
        x: rows.map((r) => codes.data[r * 2]),
        y: rows.map((r) => codes.data[r * 2 + 1]),
        mode: "markers",
        marker: {
          color: styles[g].color,
          symbol: hollow ? `${styles[g].symbol}-open` : styles[g].symbol,
          size: 7,
        },
        legendgroup: name,
      });
    }
  });
  const [xTitle, yTitle] = options.axisTitles ?? ["hidden unit 1: O1,1", "hidden unit 2: O1,2"];
  const layout = baseLayout(options.title ?? "The code of every sample", axis(xTitle), axis(yTitle), {
    subtitle: options.subtitle,
    legendEntries: traces.length,
  });
  layout.height = options.height ?? 440;
  return { data: traces, layout, config: baseConfig() };
}
