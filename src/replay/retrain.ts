/**
 * Trains an embedded run again, as it was (the check) or with other settings (the page's controls), with the
 * library's own trainer: this is the code the notebook ran, bundled for the browser.
 */
import { type Params, initParams, paramSizes } from "../model/params";
import { Rng, streamSeed } from "../random/prng";
import { autogradMethod } from "../train/autograd";
import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type EpochRecord, TrainingDivergedError, train } from "../train/trainer";
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

/** A retrained run: its weights, its errors epoch by epoch, and why it stopped early (null when it ran every epoch). */
export interface Retrained {
  params: Params;
  history: { length: number; trainError: Float64Array; testError: Float64Array | null };
  stopped: string | null;
}

/**
 * The run with these settings. The split and the scaling stay the notebook's: the page has the scaled rows,
 * not the data file, so a new seed changes the initial weights and the sample order only.
 */
export function retrain(
  run: EmbeddedRun,
  settings: RetrainSettings,
  onEpoch?: (record: EpochRecord) => void,
): Retrained {
  let params: Params;
  let records: EpochRecord[];
  let stopped: string | null = null;
  try {
    ({ params, history: records } = train(
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
    ));
  } catch (e) {
    // A run that blows up is shown as far as it went, with the reason, as the notebook's would stop.
    if (!(e instanceof TrainingDivergedError)) throw e;
    ({ params, history: records, reason: stopped } = e);
  }
  const history = {
    length: records.length,
    trainError: Float64Array.from(records, (r) => r.trainError),
    testError: records[0].testError === null ? null : Float64Array.from(records, (r) => r.testError ?? NaN),
  };
  return { params, history, stopped };
}
