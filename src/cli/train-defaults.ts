import { type InitScheme } from "../model/params";

/**
 * Defaults of `backprop-lab train`. The learning rate and epochs suit per-sample SGD on min-max scaled
 * data such as data/iris.csv: its test error falls steadily over the first few hundred epochs and then
 * levels off. Larger rates (0.5 to 2) fall faster at first but end higher, because per-sample steps
 * keep jumping around the minimum. 1000 epochs of iris take well under 0.1 s.
 */
export const TRAIN_DEFAULTS = {
  method: "backprop",
  hidden: 2,
  epochs: 1000,
  lr: 0.1,
  batchSize: 1,
  seed: 0,
  initScheme: "xavier" as InitScheme,
} as const;
