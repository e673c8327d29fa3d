import { compactJson } from "../format/compact-json";
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
  /** The shuffling stream's 32-bit seed, from which every epoch's order follows (the README gives the rule). */
  shuffleSeed: number | null;
  /** The weights file given with --init, or the scheme the weights were drawn with. */
  init: { file: string } | { scheme: InitScheme };
}

/**
 * What `backprop-lab train` writes, in this key order: enough to replay the run without this library (config,
 * initialWeights, split), then its result; non-finite numbers appear as null (JSON has no NaN).
 */
export interface RunFile {
  config: RunConfig;
  initialWeights: ParamsJson;
  /**
   * 0-based data rows in file order (blank lines not counted): those of config.data used for training, in the
   * order of epoch 0, and those tested, of config.data (with a test fraction) or of config.test.file.
   */
  split: { train: number[]; test: number[] };
  weights: ParamsJson;
  history: EpochRecord[];
  error?: string;
}

/** A run's history in typed arrays: 24 bytes an epoch instead of an object, so 10⁷ epochs fit in 240 MB. */
export class RunHistory {
  private readonly errors: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.errors = new Float64Array(3 * capacity);
  }

  get length(): number {
    return this.count;
  }

  add(rec: EpochRecord): void {
    const at = 3 * this.count++;
    this.errors[at] = rec.trainError;
    this.errors[at + 1] = rec.testError ?? NaN;
    this.errors[at + 2] = rec.seconds;
  }

  at(i: number): EpochRecord {
    if (!(i >= 0 && i < this.count)) throw new Error(`no epoch ${i} in a history of ${this.count} entries`);
    const [trainError, testError, seconds] = this.errors.subarray(3 * i, 3 * i + 3);
    return { epoch: i, trainError, testError: Number.isNaN(testError) ? null : testError, seconds };
  }
}

/** The run before it becomes JSON: typed arrays, and null for no error. */
export interface RunParts extends Omit<RunFile, "split" | "history" | "error"> {
  split: { train: ArrayLike<number>; test: ArrayLike<number> };
  history: RunHistory;
  error: string | null;
}

/**
 * The run file's text, a line or a number at a time: 10⁷ epochs are a gigabyte of JSON, never one string.
 */
export function* runFileText(run: RunParts): Generator<string> {
  const field = (name: string, value: unknown): string => `  ${JSON.stringify(name)}: ${compactJson(value, "  ")}`;
  yield `{\n${field("config", run.config)},\n${field("initialWeights", run.initialWeights)},\n`;
  yield `  "split": {\n    "train": `;
  yield* numbers(run.split.train);
  yield `,\n    "test": `;
  yield* numbers(run.split.test);
  yield `\n  },\n${field("weights", run.weights)},\n  "history": [`;
  const h = run.history;
  for (let i = 0; i < h.length; i++) {
    const r = h.at(i);
    yield (
      `${i === 0 ? "" : ","}\n    {"epoch": ${r.epoch}, "trainError": ${JSON.stringify(r.trainError)}, ` +
      `"testError": ${JSON.stringify(r.testError)}, "seconds": ${JSON.stringify(r.seconds)}}`
    );
  }
  yield `${h.length > 0 ? "\n  " : ""}]${run.error === null ? "" : `,\n${field("error", run.error)}`}\n}\n`;
}

/** A flat array of integers on one line, "[0, 1, 2]". */
function* numbers(values: ArrayLike<number>): Generator<string> {
  yield "[";
  for (let i = 0; i < values.length; i++) yield (i === 0 ? "" : ", ") + String(values[i]);
  yield "]";
}
