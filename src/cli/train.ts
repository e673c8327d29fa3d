import { type Params, initParams, paramSizes, paramsToJson, INIT_SCHEMES, type InitScheme } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { methodByName, methodNames } from "../method-registry";
import { train, TrainingDivergedError, HUGE_WEIGHT } from "../train/trainer";
import { type TestSource, prepareDataset, DEFAULT_TEST_FRACTION } from "../data/dataset";
import { quoteBare, quotePath } from "../format/quote";
import * as args from "./args";
import { UsageError, flag, optional, required, toggle, text, parseFlags, flagHelp } from "./args";
import { readWeights } from "./read-weights";
import { ProgressBar } from "./progress-bar";
import { type RunConfig, type RunParts, RunHistory, runFileText } from "./run-file";
import { planOutput, writeOutput } from "./output";

/** `backprop-lab train`: flags → data set → initial weights → trainer → run file. */

/**
 * The defaults suit per-sample SGD on min-max scaled data such as data/iris.csv: the test error falls over
 * the first few hundred epochs, then levels off. Larger rates (0.5 to 2) fall faster at first but end higher,
 * as per-sample steps keep jumping around the minimum.
 */
const DEFAULT_HIDDEN = 2;
// Limits far beyond any run of this lab (10⁸ epochs keep 2.4 GB of history): a typo such as --epochs 1e12 is
// a one-line usage error naming the flag, not an allocation failure after the data are read.
const MAX_EPOCHS = 1e8;
const MAX_HIDDEN = 1e4;
const DEFAULT_SCHEME: InitScheme = "xavier";
const FLAGS = {
  data: required("FILE", "training CSV with a header line, - for standard input (required)", text),
  columns: optional("a,b,c", "columns to use (default: every column that holds only numbers)", args.nameList),
  test: optional("FILE", "a separate test CSV with the same columns", text),
  testFraction: optional(
    "F",
    `share of the data rows held out for testing, 0 < F < 1 (default ${DEFAULT_TEST_FRACTION})`,
    args.openFraction,
  ),
  noScale: toggle(
    "use the values as they are (they must lie in [0, 1]); by default each column\n" +
      "is min-max scaled to [0, 1] using the training rows only",
  ),
  method: flag("NAME", `gradient method: ${methodNames().join(", ")}`, args.oneOf(methodNames()), "backprop"),
  hidden: optional(
    "H",
    `hidden units (default ${DEFAULT_HIDDEN}, or the size of the --init weights)`,
    args.integerIn(1, MAX_HIDDEN),
  ),
  epochs: flag(
    "N",
    "passes over the training rows, 0 evaluates the initial weights",
    args.integerIn(0, MAX_EPOCHS),
    1000,
  ),
  lr: flag("X", "learning rate, > 0", args.positiveNumber, 0.1),
  batchSize: flag("B", "samples per update: 1 = per-sample SGD", args.positiveInteger, 1),
  seed: flag("S", "seed of the split, the initial weights and the shuffling", args.seed, 0),
  noShuffle: toggle("visit the training rows in file order every epoch"),
  init: optional("WEIGHTS.json", "start from these weights ({W1, B1, W2, B2}, or a run file)", text),
  initScheme: optional(
    "NAME",
    `draw the initial weights: ${INIT_SCHEMES.join(", ")} (default ${DEFAULT_SCHEME})`,
    args.oneOf(INIT_SCHEMES),
  ),
  out: optional("RUN.json", "write the run here (atomically) instead of to stdout (-)", text),
  quiet: toggle("no progress bar and no summary on stderr"),
};
const HEADINGS = { data: "Data", method: "Network and training", out: "Output" };

export function trainHelp(): string {
  return `Usage: backprop-lab train --data FILE [flags]

Trains an n-h-n autoencoder (n = number of columns) and writes
{config, initialWeights, split, weights: {W1, B1, W2, B2}, history: [{epoch, trainError, testError, seconds}]}
as JSON to --out, or to stdout. Epoch 0 is before any update; errors are the mean per-sample
E = sum (x^ - x)^2 over the set. config, initialWeights and split (0-based data rows) are enough to
replay the run without this program.

${flagHelp(FLAGS, HEADINGS)}
Divergence: training stops when a weight becomes non-finite or larger than ${HUGE_WEIGHT.toExponential()} in
magnitude (the sigmoid is then flat, so the run cannot recover), or an error becomes non-finite; a run
that ends with a higher training error than at epoch 0 has diverged too. The run file is still written,
with "error" set, and the exit code is 1: try a smaller --lr.

Exit codes: 0 done, 1 data error, runtime error or divergence, 2 invalid flags or values.
`;
}

/** Bytes per epoch at most in the run file, for the free-space check. */
const RUN_FILE_BYTES_PER_EPOCH = 150;

export async function trainCommand(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags === null) {
    process.stdout.write(trainHelp());
    return 0;
  }
  const { data, columns, testFraction, method, hidden, epochs, lr, batchSize, seed, init: initFile, quiet } = flags;
  if (flags.test !== undefined && testFraction !== undefined) {
    throw new UsageError("--test and --test-fraction exclude each other: test on a file or on a share of --data");
  }
  if (initFile !== undefined && flags.initScheme !== undefined) {
    throw new UsageError("--init and --init-scheme exclude each other: the weights come from the file");
  }
  const test: TestSource = flags.test ? { file: flags.test } : { fraction: testFraction ?? DEFAULT_TEST_FRACTION };
  const [scale, shuffle, scheme] = [!flags.noScale, !flags.noShuffle, flags.initScheme ?? DEFAULT_SCHEME];

  const inputs = [data, flags.test, initFile].filter((f): f is string => f !== undefined);
  if (inputs.filter((f) => f === "-").length > 1) {
    throw new UsageError('only one of --data, --test and --init can read standard input ("-")');
  }
  const runFileSize = { flag: "--epochs", value: epochs, bytes: (epochs + 1) * RUN_FILE_BYTES_PER_EPOCH };
  const out = planOutput("--out", flags.out, inputs, runFileSize);

  const given = initFile === undefined ? null : readWeights("--init", initFile).params;
  const initSize = given && paramSizes(given);
  const initName = `--init ${quotePath(initFile ?? "")}`;
  const h = hidden ?? initSize?.h ?? DEFAULT_HIDDEN;
  if (initSize && initSize.h !== h) {
    throw new UsageError(`${initName} has ${initSize.h} hidden units but --hidden is ${h}`);
  }

  const dataset = await prepareDataset({ data, columns, test, seed, scale });
  const n = dataset.columns.length;
  if (initSize && initSize.n !== n) {
    throw new UsageError(
      `${initName} has ${initSize.n} inputs (rows of W1) but ${quotePath(data)} gives ${n} columns (${quoteBare(dataset.columns.join(", "))})`,
    );
  }
  const init: Params = given ?? initParams(n, h, new Rng(streamSeed(seed, "init")), { scheme });

  const config: RunConfig = {
    data,
    columns: dataset.columns,
    test,
    trainRows: dataset.train.rows,
    testRows: dataset.test.rows,
    scaling: dataset.scaling && { min: dataset.scaling.min, max: dataset.scaling.max },
    n,
    h,
    method,
    epochs,
    lr,
    batchSize,
    seed,
    shuffle,
    shuffleSeed: shuffle ? streamSeed(seed, "shuffle") : null,
    init: initFile !== undefined ? { file: initFile } : { scheme },
  };

  const bar = quiet || !process.stderr.isTTY ? null : new ProgressBar(process.stderr, method, epochs);
  const t0 = Date.now();
  const history = new RunHistory(epochs + 1);
  let params: Params;
  let stopped: string | null = null;
  try {
    params = train(methodByName(method), init, dataset.train, dataset.test, {
      epochs,
      lr,
      batchSize,
      shuffle,
      seed,
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
  // Non-finite before any update: the data are bounded (prepareDataset refuses a value that scales past 1e100),
  // so the --init weights are to blame.
  const inputError =
    history.length > 1 || stopped === null
      ? null
      : initFile === undefined
        ? new Error(stopped)
        : new UsageError(`${initName}: ${stopped}`);
  const message =
    inputError?.message ?? (problem === null ? null : `${problem}: try a smaller learning rate (--lr ${lr} now)`);

  const run: RunParts = {
    config,
    initialWeights: paramsToJson(init),
    split: {
      train: dataset.trainRowIndices ?? Uint32Array.from({ length: dataset.train.rows }, (_, i) => i),
      test: dataset.testRowIndices ?? Uint32Array.from({ length: dataset.test.rows }, (_, i) => i),
    },
    weights: paramsToJson(params),
    history,
    error: message,
  };
  await writeOutput(out, runFileText(run));
  if (inputError !== null) throw inputError;
  const file = out === null ? null : quotePath(out);
  if (message !== null) {
    process.stderr.write(`backprop-lab: ${message}${file === null ? "" : `; the run is in ${file}`}\n`);
    return 1;
  }
  const summaryLine = `backprop-lab: ${summary(history, method, seconds)}${file === null ? "" : `; wrote ${file}`}\n`;
  if (!quiet) process.stderr.write(summaryLine);
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

function summary(history: RunHistory, method: string, seconds: number): string {
  const first = history.at(0);
  const last = history.at(history.length - 1);
  const arrow = (a: number | null, b: number | null): string =>
    a === null || b === null ? "none" : `${a.toPrecision(4)} → ${b.toPrecision(4)}`;
  return (
    `${last.epoch} epochs of ${method} in ${seconds.toFixed(2)} s; ` +
    `train error ${arrow(first.trainError, last.trainError)}, test error ${arrow(first.testError, last.testError)}`
  );
}
