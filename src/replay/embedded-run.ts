/**
 * A training run as the report embeds it beside its figure, so that a browser can redraw, retrain and check
 * it without the notebook: everything train() was given (the method, the initial weights, the scaled
 * training and test rows, the options) and what it produced (each epoch's errors). JSON numbers carry
 * doubles exactly (JavaScript and Python both write the shortest string that reads back to the same bits),
 * so the page gets the notebook's very inputs and results.
 */
import { type Matrix, fromArray } from "../linalg/matrix";
import { type Params, type ParamsJson, paramsFromJson, paramsToJson } from "../model/params";
import { type EpochRecord, type TrainOptions } from "../train/trainer";

/** The MIME type of the output part that carries an EmbeddedRun, beside the figure's own parts. */
export const RUN_MIME = "application/vnd.backprop-lab.run+json";

/** The methods a page can retrain with: the two that need nothing beyond plain JavaScript (not tfjs). */
export const PAGE_METHODS = ["backprop", "autograd"] as const;
export type PageMethod = (typeof PAGE_METHODS)[number];

/**
 * The largest run a page retrains or embeds: a 3-2-3 network on 120 rows trains several thousand epochs a
 * second in a page, and a run's errors and rows cost about 20 bytes a number in the page. A larger notebook run
 * keeps its plain figure.
 */
export const MAX_EPOCHS = 20_000;
export const MAX_HIDDEN = 16;
/** Numbers in the training and test rows. */
export const MAX_DATA_VALUES = 30_000;

export interface MatrixJson {
  rows: number;
  cols: number;
  /** Row by row. */
  data: number[];
}

/** An error as JSON: a number, or the name of a value JSON has no number for. */
export type ErrorJson = number | "NaN" | "Infinity" | "-Infinity";

export interface EmbeddedRun {
  format: 1;
  /** The run's name in the figure's legend, e.g. "backprop". */
  label: string;
  /** The figure's title. */
  title: string;
  method: PageMethod;
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
  shuffle: boolean;
  /** train()'s hugeWeight, or null for none. */
  hugeWeight: number | null;
  hidden: number;
  init: ParamsJson;
  train: MatrixJson;
  test: MatrixJson | null;
  /** Epoch 0 (before any update) first. */
  trainError: ErrorJson[];
  /** Null when there is no test set. */
  testError: ErrorJson[] | null;
}

export interface RunInputs {
  label: string;
  title: string;
  method: string;
  init: Params;
  train: Matrix;
  test: Matrix | null;
  options: TrainOptions;
}

export function isPageMethod(name: string): name is PageMethod {
  return (PAGE_METHODS as readonly string[]).includes(name);
}

/** The run as JSON, or null for a method a page cannot run (tfjs) or a run beyond the page's limits. */
export function embedRun(inputs: RunInputs, history: readonly EpochRecord[]): EmbeddedRun | null {
  if (!isPageMethod(inputs.method)) return null;
  const { options } = inputs;
  const values = inputs.train.data.length + (inputs.test?.data.length ?? 0);
  if (options.epochs > MAX_EPOCHS || inputs.init.W1.cols > MAX_HIDDEN || values > MAX_DATA_VALUES) return null;
  const hasTest = history.length > 0 && history[0].testError !== null;
  return {
    format: 1,
    label: inputs.label,
    title: inputs.title,
    method: inputs.method,
    epochs: options.epochs,
    lr: options.lr,
    batchSize: options.batchSize ?? 1,
    seed: options.seed ?? 0,
    shuffle: options.shuffle ?? true,
    hugeWeight: options.hugeWeight !== undefined && Number.isFinite(options.hugeWeight) ? options.hugeWeight : null,
    hidden: inputs.init.W1.cols,
    init: paramsToJson(inputs.init),
    train: matrixToJson(inputs.train),
    test: inputs.test && inputs.test.rows > 0 ? matrixToJson(inputs.test) : null,
    trainError: history.map((r) => errorToJson(r.trainError)),
    testError: hasTest ? history.map((r) => errorToJson(r.testError ?? NaN)) : null,
  };
}

export function matrixToJson(m: Matrix): MatrixJson {
  return { rows: m.rows, cols: m.cols, data: Array.from(m.data) };
}

export function matrixFromJson(m: MatrixJson): Matrix {
  return fromArray(m.rows, m.cols, m.data);
}

export function initFromJson(run: EmbeddedRun): Params {
  return paramsFromJson(run.init);
}

export function errorToJson(v: number): ErrorJson {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

export function errorFromJson(v: ErrorJson): number {
  return typeof v === "number" ? v : Number(v);
}
