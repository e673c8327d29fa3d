import { backpropMethod } from "../train/backprop";
import { type GradientMethod } from "../train/method";
import { type TrainResult } from "../train/trainer";
import { type Mechanism } from "./mechanism";
import { type PairSetup, pairedRuns } from "./paired-runs";

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
  setup: PairSetup,
  what: Reseeded,
  method: GradientMethod = backpropMethod,
  /** The first runs of the pairs (`method` from seed s's weights and order), when already made. */
  reference?: readonly TrainResult[],
): Mechanism {
  const other = (s: number): number => s + RESEED_OFFSET;
  const pairs = pairedRuns(setup, reference ?? { method }, {
    method,
    initSeed: what === "sample order" ? undefined : other,
    orderSeed: what === "initial weights" ? undefined : other,
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
  return { name, differs, pairs, exchangeable: true };
}
