/**
 * Trains an embedded run again, as it was (the check) or with other settings (the page's controls), with the
 * library's own trainer: this is the code the notebook ran, bundled for the browser.
 */
import { type Params, initParams, paramSizes } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { autogradMethod } from "../train/autograd";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type CompactTrainResult, type EpochRecord, trainCompact } from "../train/trainer";
import { type EmbeddedRun, type PageMethod, initFromJson, matrixFromJson } from "./embedded-run";
import { type RetrainSettings } from "./page-settings";

const METHODS: Record<PageMethod, GradientMethod> = { backprop: backpropMethod, autograd: autogradMethod };

/**
 * The initial weights: the notebook's own while the seed and the hidden size are the notebook's, else drawn
 * for the new seed and size as the notebooks' initForSeed (src/experiment/runs.ts) draws them (Glorot-uniform
 * from the seed's "init" stream), so seed 3 here starts where a notebook run with seed 3 would.
 */
export function initialWeights(run: EmbeddedRun, settings: RetrainSettings): Params {
  if (settings.seed === run.seed && settings.hidden === run.hidden) return initFromJson(run);
  const { n } = paramSizes(initFromJson(run));
  return initParams(n, settings.hidden, new Rng(streamSeed(settings.seed, "init")));
}

/**
 * The run with these settings. The split and the scaling stay the notebook's: the page has the scaled rows,
 * not the data file, so a new seed changes the initial weights and the sample order only.
 */
export function retrain(
  run: EmbeddedRun,
  settings: RetrainSettings,
  onEpoch?: (record: EpochRecord) => void,
): CompactTrainResult {
  return trainCompact(
    METHODS[settings.method],
    initialWeights(run, settings),
    matrixFromJson(run.train),
    run.test === null ? null : matrixFromJson(run.test),
    {
      epochs: settings.epochs,
      lr: settings.lr,
      batchSize: settings.batchSize,
      seed: settings.seed,
      shuffle: run.shuffle,
      hugeWeight: run.hugeWeight ?? undefined,
      onEpoch,
    },
  );
}
