import { totalmem } from "node:os";
import { type Params, initParams, paramSizes, paramsToJson, INIT_SCHEMES, type InitScheme } from "../model/params";
import { forward } from "../model/forward";
import { Rng, streamSeed } from "../random/prng";
import { methodByName, methodNames } from "../method-registry";
import { train, TrainingDivergedError, HUGE_WEIGHT, largestWeight } from "../train/trainer";
import { type Dataset, type TestSource, prepareDataset, DEFAULT_TEST_FRACTION } from "../data/dataset";
import { DataError } from "../data/data-error";
import { quoteBare, quotePath } from "../data/quote";
import { formatGigabytes, formatNumber } from "../format/number";
import {
  Flags,
  type FlagTable,
  UsageError,
  flagHelp,
  positiveInteger,
  nonNegativeInteger,
  positiveNumber,
  openFraction,
  seed,
  nameList,
  oneOf,
} from "./args";
import { readWeights } from "./read-weights";
import { ProgressBar } from "./progress-bar";
import { type RunConfig, type RunParts, RunHistory, writeRunFile } from "./run-file";
import { type OutputPlan, planOutput, writeOutput } from "./output";

/**
 * `backprop-lab train`: flags → data set → initial weights → trainer → run file. Its flags, their
 * defaults and its help live here together; adding a flag touches this file only.
 */

/**
 * Defaults. The learning rate and epochs suit per-sample SGD on min-max scaled data such as
 * data/iris.csv: its test error falls steadily over the first few hundred epochs and then levels off.
 * Larger rates (0.5 to 2) fall faster at first but end higher, because per-sample steps keep jumping
 * around the minimum. 1000 epochs of iris take well under 0.1 s.
 */
const DEFAULTS = {
  method: "backprop",
  hidden: 2,
  epochs: 1000,
  lr: 0.1,
  batchSize: 1,
  seed: 0,
  initScheme: "xavier" as InitScheme,
} as const;

const FLAGS: FlagTable = {
  Data: [
    ["data", "FILE", "training CSV with a header line, - for standard input (required)"],
    ["columns", "a,b,c", "columns to use (default: every column that holds only numbers)"],
    ["test", "FILE", "a separate test CSV with the same columns"],
    ["test-fraction", "F", `share of the data rows held out for testing, 0 < F < 1 (default ${DEFAULT_TEST_FRACTION})`],
    [
      "no-scale",
      null,
      "use the values as they are (they must lie in [0, 1]); by default each column\n" +
        "is min-max scaled to [0, 1] using the training rows only",
    ],
  ],
  "Network and training": [
    ["method", "NAME", `gradient method: ${methodNames().join(", ")} (default ${DEFAULTS.method})`],
    ["hidden", "H", `hidden units (default ${DEFAULTS.hidden}, or the size of the --init weights)`],
    ["epochs", "N", `passes over the training rows (default ${DEFAULTS.epochs}; 0 evaluates the initial weights)`],
    ["lr", "X", `learning rate, > 0 (default ${DEFAULTS.lr})`],
    ["batch-size", "B", `samples per update: 1 = per-sample SGD (default ${DEFAULTS.batchSize})`],
    ["seed", "S", `seed of the split, the initial weights and the shuffling (default ${DEFAULTS.seed})`],
    ["no-shuffle", null, "visit the training rows in file order every epoch"],
    ["init", "WEIGHTS.json", "start from these weights ({W1, B1, W2, B2}, or a run file)"],
    ["init-scheme", "NAME", `draw the initial weights: ${INIT_SCHEMES.join(", ")} (default ${DEFAULTS.initScheme})`],
  ],
  Output: [
    ["out", "RUN.json", "write the run here (atomically) instead of to stdout (-)"],
    ["quiet", null, "no progress bar and no summary on stderr"],
  ],
};

export function trainHelp(): string {
  return `Usage: backprop-lab train --data FILE [flags]

Trains an n-h-n autoencoder (n = number of columns) and writes
{config, initialWeights, split, weights: {W1, B1, W2, B2}, history: [{epoch, trainError, testError, seconds}]}
as JSON to --out, or to stdout. Epoch 0 is before any update; errors are the mean per-sample
E = sum (x^ - x)^2 over the set. config, initialWeights and split (0-based data rows) are enough to
replay the run without this program.

${flagHelp(FLAGS)}
Divergence: training stops when a weight becomes non-finite or larger than ${HUGE_WEIGHT.toExponential()} in
magnitude (the sigmoid is then flat, so the run cannot recover), or an error becomes non-finite; a run
that ends with a higher training error than at epoch 0 has diverged too. The run file is still written,
with "error" set, and the exit code is 1: try a smaller --lr.

Exit codes: 0 done, 1 data error, runtime error or divergence, 2 invalid flags or values.
`;
}

/** Half this machine's memory: what one run may plan to hold (history, weights) before it starts. */
const MEMORY_BUDGET = totalmem() / 2;
/** Bytes per epoch in memory: train error, test error and seconds as float64. */
const HISTORY_BYTES_PER_EPOCH = 24;
/** Bytes per epoch in the run file, an upper estimate of one history line. */
const RUN_FILE_BYTES_PER_EPOCH = 150;
/**
 * Bytes per weight while training: the initial weights, the method's copy, its gradient buffers, the
 * result and the JSON text of two weight sets (about 20 characters a number).
 */
const BYTES_PER_WEIGHT = 96;

/** Returns the exit code: 0 done, 1 data error or divergence (the run file is still written). */
export async function trainCommand(args: readonly string[]): Promise<number> {
  const flags = new Flags(args, FLAGS);
  if (flags.has("help")) {
    process.stdout.write(trainHelp());
    return 0;
  }
  const data = flags.required("data");
  const columns = flags.get("columns", nameList, undefined);
  if (flags.has("test") && flags.has("test-fraction")) {
    throw new UsageError("--test and --test-fraction exclude each other: test on a file or on a share of --data");
  }
  const testFile = flags.value("test");
  const test: TestSource = testFile
    ? { file: testFile }
    : { fraction: flags.get("test-fraction", openFraction, DEFAULT_TEST_FRACTION) };
  const methodName = flags.get("method", oneOf(methodNames()), DEFAULTS.method);
  const epochs = flags.get("epochs", nonNegativeInteger, DEFAULTS.epochs);
  const lr = flags.get("lr", positiveNumber, DEFAULTS.lr);
  const batchSize = flags.get("batch-size", positiveInteger, DEFAULTS.batchSize);
  const runSeed = flags.get("seed", seed, DEFAULTS.seed);
  const shuffle = !flags.has("no-shuffle");
  const scale = !flags.has("no-scale");
  const quiet = flags.has("quiet");
  const initFile = flags.value("init");
  if (initFile !== undefined && flags.has("init-scheme")) {
    throw new UsageError("--init and --init-scheme exclude each other: the weights come from the file");
  }
  const scheme = flags.get("init-scheme", oneOf(INIT_SCHEMES), DEFAULTS.initScheme);
  const hiddenFlag = flags.get("hidden", positiveInteger, undefined);

  // What the run will hold, checked before any work: the history is allocated whole at the start.
  requireMemory("--epochs", epochs, (epochs + 1) * HISTORY_BYTES_PER_EPOCH, "its history");
  if (hiddenFlag !== undefined) requireWeightMemory(hiddenFlag, 1);
  const inputs = [data, ...(testFile === undefined ? [] : [testFile]), ...(initFile === undefined ? [] : [initFile])];
  if (inputs.filter((f) => f === "-").length > 1) {
    throw new UsageError('only one of --data, --test and --init can read standard input ("-")');
  }
  // "-" is standard output, as with coreutils and curl; so is no --out at all.
  const out = flags.value("out") === "-" ? undefined : flags.value("out");
  const plan: OutputPlan = planOutput("--out", out, inputs, quiet);
  if (plan.freeBytes !== null && (epochs + 1) * RUN_FILE_BYTES_PER_EPOCH > plan.freeBytes) {
    throw new UsageError(
      `--epochs ${epochs}: the run file would take up to ${formatGigabytes((epochs + 1) * RUN_FILE_BYTES_PER_EPOCH)}, ` +
        `and the folder of --out has ${formatGigabytes(plan.freeBytes)} free`,
    );
  }

  const given = initFile === undefined ? null : readWeights("--init", initFile);
  const h = hiddenFlag ?? (given ? paramSizes(given).h : DEFAULTS.hidden);
  if (given && paramSizes(given).h !== h) {
    throw new UsageError(
      `--init ${quotePath(initFile ?? "")} has ${paramSizes(given).h} hidden units but --hidden is ${h}`,
    );
  }

  const dataset = await prepareDataset({ data, columns, test, seed: runSeed, scale });
  const n = dataset.columns.length;
  if (given && paramSizes(given).n !== n) {
    throw new UsageError(
      `--init ${quotePath(initFile ?? "")} has ${paramSizes(given).n} inputs (rows of W1) but ${quotePath(data)} gives ${n} columns (${quoteBare(dataset.columns.join(", "))})`,
    );
  }
  requireWeightMemory(h, n);
  const init: Params = given ?? initParams(n, h, new Rng(streamSeed(runSeed, "init")), { scheme });

  const config: RunConfig = {
    data,
    columns: dataset.columns,
    test,
    trainRows: dataset.train.rows,
    testRows: dataset.test.rows,
    scaling: dataset.scaling && { min: dataset.scaling.min, max: dataset.scaling.max },
    n,
    h,
    method: methodName,
    epochs,
    lr,
    batchSize,
    seed: runSeed,
    shuffle,
    shuffleSeed: shuffle ? streamSeed(runSeed, "shuffle") : null,
    init: initFile !== undefined ? { file: initFile } : { scheme },
  };

  const bar = quiet || !process.stderr.isTTY ? null : new ProgressBar(process.stderr, Math.max(1, epochs));
  const t0 = Date.now();
  const history = new RunHistory(epochs + 1);
  let params: Params;
  let stopped: string | null = null;
  try {
    params = train(methodByName(methodName), init, dataset.train, dataset.test, {
      epochs,
      lr,
      batchSize,
      shuffle,
      seed: runSeed,
      hugeWeight: HUGE_WEIGHT,
      keepHistory: false,
      onEpoch: (rec) => {
        history.add(rec);
        bar?.update(rec);
      },
    }).params;
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    [params, stopped] = [e.params, e.reason];
  } finally {
    bar?.finish();
  }
  const seconds = (Date.now() - t0) / 1000;
  const problem = stopped ?? worseThanAtStart(history);
  // A run that is non-finite from the start failed on its input, not in training: name the value.
  const inputError = history.length === 1 && stopped !== null ? blameInitialError(init, dataset, data, initFile) : null;
  const message =
    inputError?.message ?? (problem === null ? null : `${problem}: try a smaller learning rate (--lr ${lr} now)`);

  const run: RunParts = {
    config,
    initialWeights: paramsToJson(init),
    split: {
      train: dataset.trainRowIndices ?? rowsUpTo(dataset.train.rows),
      test: dataset.testRowIndices ?? rowsUpTo(dataset.test.rows),
    },
    weights: paramsToJson(params),
    history,
    error: message,
  };
  await writeOutput(plan, (sink) => writeRunFile(run, sink));
  if (inputError !== null) throw inputError;
  if (message !== null) {
    process.stderr.write(`backprop-lab: ${message}${out === undefined ? "" : `; the run is in ${quotePath(out)}`}\n`);
    return 1;
  }
  if (!quiet) process.stderr.write(summary(history, methodName, seconds, out));
  return 0;
}

/** The rule's second half: the run made the training error worse than the initial weights had it. */
function worseThanAtStart(history: RunHistory): string | null {
  const last = history.length - 1;
  const first = history.at(0).trainError;
  const end = history.at(last).trainError;
  if (last === 0 || !(end > first)) return null;
  return `training diverged: the training error rose from ${first.toPrecision(4)} at epoch 0 to ${end.toPrecision(4)} at epoch ${last}`;
}

/**
 * The first row (test set first: that is where a separate file brings values the scaling has not seen)
 * whose error is not finite with the initial weights, named by file, line and column.
 */
function blameInitialError(init: Params, ds: Dataset, data: string, initFile: string | undefined): Error {
  const w = largestWeight(init);
  if (!Number.isFinite(w) || w > HUGE_WEIGHT) {
    return new UsageError(`--init ${quotePath(initFile ?? "")}: the initial error is not finite with a weight of ${w}`);
  }
  const testFile = "file" in ds.testSource ? ds.testSource.file : data;
  const sets = [
    { X: ds.test, raw: ds.rawTest, lines: ds.testLines, file: testFile },
    { X: ds.train, raw: ds.rawTrain, lines: ds.trainLines, file: data },
  ];
  for (const { X, raw, lines, file } of sets) {
    const n = X.cols;
    for (let r = 0; r < X.rows; r++) {
      const x = X.data.subarray(r * n, (r + 1) * n);
      const { O2 } = forward(init, x);
      const k = O2.data.findIndex((o, j) => !Number.isFinite((o - x[j]) ** 2));
      if (k < 0) continue;
      return new DataError(
        { file, line: lines[r], column: ds.columns[k] },
        `value ${raw.data[r * n + k]} makes the initial error overflow (scaled, it is ${x[k]})`,
      );
    }
  }
  return new DataError({ file: data }, "the initial error is not finite");
}

function rowsUpTo(count: number): Uint32Array {
  const rows = new Uint32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

function requireMemory(flag: string, value: number, bytes: number, what: string): void {
  if (bytes > MEMORY_BUDGET) {
    throw new UsageError(
      `${flag} ${value}: ${what} would need ${formatGigabytes(bytes)}, more than half of this machine's ${formatGigabytes(totalmem())}`,
    );
  }
}

/** --hidden's weights (2nh + n + h of them) and the buffers around them must fit before any is allocated. */
function requireWeightMemory(h: number, n: number): void {
  const weights = 2 * n * h + n + h;
  requireMemory("--hidden", h, weights * BYTES_PER_WEIGHT, `${formatNumber(weights, 3)} weights`);
  // A typed array holds at most 2³² numbers.
  if (n * h >= 2 ** 32) throw new UsageError(`--hidden ${h}: W1 would have ${n * h} entries, more than 2^32`);
}

function summary(history: RunHistory, method: string, seconds: number, out: string | undefined): string {
  const first = history.at(0);
  const last = history.at(history.length - 1);
  const arrow = (a: number | null, b: number | null): string =>
    a === null || b === null ? "none" : `${a.toPrecision(4)} → ${b.toPrecision(4)}`;
  return (
    `backprop-lab: ${last.epoch} epochs of ${method} in ${seconds.toFixed(2)} s; ` +
    `train error ${arrow(first.trainError, last.trainError)}, test error ${arrow(first.testError, last.testError)}` +
    (out === undefined ? "\n" : `; wrote ${quotePath(out)}\n`)
  );
}
