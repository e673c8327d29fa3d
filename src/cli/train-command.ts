import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { type Params, initParams, paramSizes, paramsToJson, INIT_SCHEMES } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { methodByName, methodNames } from "../train/registry";
import { type EpochRecord, train, TrainingDivergedError } from "../train/trainer";
import { type TestSource, prepareDataset, DEFAULT_TEST_FRACTION } from "../data/dataset";
import { writeFileAtomic } from "../data/atomic-write";
import { Flags } from "./flags";
import { positiveInteger, positiveNumber, openFraction, seed, nameList, oneOf } from "./flag-values";
import { UsageError } from "./usage-error";
import { readWeights } from "./read-weights";
import { ProgressBar } from "./progress-bar";
import { type RunFile, type RunConfig, formatRunFile } from "./run-file";
import { trainHelp } from "./help-text";
import { TRAIN_DEFAULTS } from "./train-defaults";

const SPEC = {
  data: "value",
  columns: "value",
  test: "value",
  "test-fraction": "value",
  method: "value",
  hidden: "value",
  epochs: "value",
  lr: "value",
  "batch-size": "value",
  seed: "value",
  "no-shuffle": "switch",
  "no-scale": "switch",
  init: "value",
  "init-scheme": "value",
  out: "value",
  quiet: "switch",
} as const;

/**
 * `backprop-lab train`: flags → data set → initial weights → trainer → run file. All flag checks come
 * before the data is read, so a typo fails at once; checks that need the data (the --init shape)
 * come right after. Returns the exit code.
 */
export function trainCommand(args: readonly string[]): number {
  const flags = Flags.parse(args, SPEC);
  if (flags.has("help")) {
    process.stdout.write(trainHelp());
    return 0;
  }
  const d = TRAIN_DEFAULTS;
  const data = flags.required("data");
  const columns = flags.get("columns", nameList, undefined);
  if (flags.has("test") && flags.has("test-fraction")) {
    throw new UsageError("--test and --test-fraction exclude each other: test on a file or on a share of --data");
  }
  const testFile = flags.value("test");
  const test: TestSource = testFile
    ? { file: testFile }
    : { fraction: flags.get("test-fraction", openFraction, DEFAULT_TEST_FRACTION) };
  const methodName = flags.value("method") ?? d.method;
  if (!methodNames().includes(methodName)) {
    throw new UsageError(`--method must be one of ${methodNames().join(", ")}, got "${methodName}"`);
  }
  const epochs = flags.get("epochs", positiveInteger, d.epochs);
  const lr = flags.get("lr", positiveNumber, d.lr);
  const batchSize = flags.get("batch-size", positiveInteger, d.batchSize);
  const runSeed = flags.get("seed", seed, d.seed);
  const shuffle = !flags.has("no-shuffle");
  const scale = !flags.has("no-scale");
  const quiet = flags.has("quiet");
  const out = flags.value("out");
  if (out !== undefined) requireWritableFolder(out);

  const initFile = flags.value("init");
  if (initFile !== undefined && flags.has("init-scheme")) {
    throw new UsageError("--init and --init-scheme exclude each other: the weights come from the file");
  }
  const scheme = flags.get("init-scheme", oneOf(INIT_SCHEMES), d.initScheme);
  const given = initFile === undefined ? null : readWeights("--init", initFile);
  const hiddenFlag = flags.get("hidden", positiveInteger, undefined);
  const h = hiddenFlag ?? (given ? paramSizes(given).h : d.hidden);
  if (given && paramSizes(given).h !== h) {
    throw new UsageError(`--init ${initFile} has ${paramSizes(given).h} hidden units but --hidden is ${h}`);
  }

  const dataset = prepareDataset({ data, columns, test, seed: runSeed, scale });
  const n = dataset.columns.length;
  if (given && paramSizes(given).n !== n) {
    throw new UsageError(
      `--init ${initFile} has ${paramSizes(given).n} inputs (rows of W1) but ${data} gives ${n} columns (${dataset.columns.join(", ")})`,
    );
  }
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
    init: initFile !== undefined ? { file: initFile } : { scheme },
  };

  const bar = quiet || !process.stderr.isTTY ? null : new ProgressBar(process.stderr, epochs);
  const t0 = Date.now();
  let run: RunFile;
  let code = 0;
  try {
    const result = train(methodByName(methodName), init, dataset.train, dataset.test, {
      epochs,
      lr,
      batchSize,
      shuffle,
      seed: runSeed,
      onEpoch: bar ? (rec) => bar.update(rec) : undefined,
    });
    run = { config, weights: paramsToJson(result.params), history: result.history };
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    // Keep what was learned about the failure: the history up to the epoch that went non-finite.
    run = { config, weights: paramsToJson(e.params), history: e.history, error: e.message };
    process.stderr.write(`backprop-lab: ${e.message}\n`);
    code = 1;
  } finally {
    bar?.finish();
  }

  const text = formatRunFile(run);
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  if (!quiet && code === 0) process.stderr.write(summary(run.history, methodName, (Date.now() - t0) / 1000, out));
  return code;
}

/** Fail before training, not after, when the run could not be saved. */
function requireWritableFolder(out: string): void {
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--out ${out}: the folder ${folder} does not exist`);
  }
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a directory`);
}

function summary(history: EpochRecord[], method: string, seconds: number, out: string | undefined): string {
  const first = history[0];
  const last = history[history.length - 1];
  const arrow = (a: number | null, b: number | null): string =>
    a === null || b === null ? "none" : `${a.toPrecision(4)} → ${b.toPrecision(4)}`;
  return (
    `backprop-lab: ${last.epoch} epochs of ${method} in ${seconds.toFixed(2)} s; ` +
    `train error ${arrow(first.trainError, last.trainError)}, test error ${arrow(first.testError, last.testError)}` +
    (out === undefined ? "\n" : `; wrote ${out}\n`)
  );
}
