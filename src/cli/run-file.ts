import { compactJson } from "./compact-json";
import { type ParamsJson, type InitScheme } from "../model/params";
import { type EpochRecord } from "../train/trainer";
import { type TestSource } from "../data/dataset";

/** Everything needed to repeat a training run, as recorded in its run file. */
export interface RunConfig {
  /** The training CSV, as given on the command line. */
  data: string;
  columns: string[];
  /** A seeded share of the data file, or a separate file. */
  test: TestSource;
  trainRows: number;
  testRows: number;
  /** Per-column min and max of the training rows (null with --no-scale); x' = (x − min) / (max − min). */
  scaling: { min: number[]; max: number[] } | null;
  n: number;
  h: number;
  method: string;
  epochs: number;
  lr: number;
  batchSize: number;
  /** One seed for all streams: "split", "init" and "shuffle". */
  seed: number;
  shuffle: boolean;
  /** The weights file given with --init, or the scheme the weights were drawn with. */
  init: { file: string } | { scheme: InitScheme };
}

/**
 * The JSON that `backprop-lab train` writes: matrices as nested arrays (W1 has n rows), biases as flat
 * arrays, one history entry per epoch with epoch 0 before any update. When training diverged, `error`
 * holds the message, the history stops at the epoch that diverged and non-finite numbers appear as null
 * (JSON has no NaN).
 */
export interface RunFile {
  config: RunConfig;
  weights: ParamsJson;
  history: EpochRecord[];
  error?: string;
}

/** The run as the file holds it: indented JSON, with weight rows and history entries on one line each. */
export function formatRunFile(run: RunFile): string {
  return compactJson(run) + "\n";
}
