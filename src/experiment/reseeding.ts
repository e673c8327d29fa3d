import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { train } from "../train/trainer";
import { type Mechanism, type TrainingSetup, runCounter } from "./mechanism";
import { initForSeed } from "./runs";

/** The second run of a pair uses seed s + RESEED_OFFSET for what is reseeded: far from every seed in a notebook's list. */
export const RESEED_OFFSET = 1000;

/** What a reseeded pair changes: the initial weights, the sample order, or both (two fully independent runs). */
export type Reseeded = "initial weights" | "sample order" | "both";

/**
 * Pairs of runs that differ only in the randomness: for seed s, one run starts from seed s's weights and
 * sees seed s's sample order; the other changes the reseeded part to seed s + RESEED_OFFSET. Both use
 * the same method (backprop by default, the fast one): backprop and autograd are identical by construction,
 * so a pair stands for "a backprop run and an autograd run started independently".
 */
export function reseedMechanism(
  setup: TrainingSetup,
  what: Reseeded,
  method: GradientMethod = backpropMethod,
): Mechanism {
  const n = setup.trainX.cols;
  const options = (orderSeed: number) => ({
    epochs: setup.epochs,
    lr: setup.lr,
    batchSize: setup.batchSize,
    seed: orderSeed,
  });
  const tick = runCounter(setup, 2 * setup.seeds.length);
  const pairs = setup.seeds.map((s) => {
    const other = s + RESEED_OFFSET;
    const initB = what === "sample order" ? s : other;
    const orderB = what === "initial weights" ? s : other;
    const init = (seed: number) => initForSeed(seed, n, setup.hidden, setup.initScheme);
    return {
      backprop: tick(train(method, init(s), setup.trainX, setup.testX, options(s))),
      autograd: tick(train(method, init(initB), setup.trainX, setup.testX, options(orderB))),
    };
  });
  const differs =
    what === "both"
      ? `everything random: initial weights and sample order (seeds s and s + ${RESEED_OFFSET})`
      : `only the ${what} (seeds s and s + ${RESEED_OFFSET})`;
  const name =
    what === "both"
      ? "all randomness (independent runs)"
      : what === "initial weights"
        ? "initial weights"
        : "sample order";
  return { name, differs, pairs };
}
