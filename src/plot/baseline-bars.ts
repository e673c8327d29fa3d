import { formatNumber } from "../format/number";
import { type Figure } from "./figure";
import { axis, baseConfig, baseLayout } from "./style";

/** One model's error on the training and the test rows. */
export interface ModelErrors {
  label: string;
  train: number;
  test: number | null;
}

export interface BaselineBarsOptions {
  title?: string;
  subtitle?: string;
  /** Log-scaled error axis (default true): a constant guess is ~100× worse than a good bottleneck. */
  logY?: boolean;
  height?: number;
}

/**
 * Train and test error of several models side by side: one group of two bars per model (train filled, test
 * light fill with a dark outline, so the pair reads in greyscale), each bar labelled with its value.
 */
export function baselineBars(models: readonly ModelErrors[], options: BaselineBarsOptions = {}): Figure {
  if (models.length === 0) throw new Error("baselineBars: no models to plot");
  const bad = models.find((m) => !(m.train >= 0) || (m.test !== null && !(m.test >= 0)));
  if (bad) throw new Error(`baselineBars: "${bad.label}" has an error that is not a non-negative number`);
  const logY = options.logY ?? true;
  const layout = baseLayout(
    options.title ?? "Reconstruction error of each model",
    { ...axis("model"), type: "category" },
    axis("mean error per sample", logY),
    { subtitle: options.subtitle, legendEntries: 2 },
  );
  layout.barmode = "group";
  if (options.height) layout.height = options.height;
  const labels = models.map((m) => m.label);
  const withTest = models.filter((m) => m.test !== null);
  return {
    data: [
      {
        type: "bar",
        name: "training rows",
        x: labels,
        y: models.map((m) => m.train),
        text: models.map((m) => formatNumber(m.train, 2)),
        textposition: "outside",
        marker: { color: "#0072B2", line: { color: "#222222", width: 1 } },
      },
      ...(withTest.length > 0
        ? [
            {
              type: "bar" as const,
              name: "test rows",
              x: labels,
              y: models.map((m) => m.test),
              text: models.map((m) => (m.test === null ? "" : formatNumber(m.test, 2))),
              textposition: "outside" as const,
              marker: { color: "#cfe3f2", line: { color: "#0072B2", width: 1.5 } },
            },
          ]
        : []),
    ],
    layout,
    config: baseConfig(),
  };
}
