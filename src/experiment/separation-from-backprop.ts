import { formatCount, formatNumber, formatPercent, formatShortest } from "../format/number";
import { type GradientMethod } from "../train/method";
import { span } from "./claims";
import { againstBackprop } from "./mechanism";
import { type PairSetup } from "./paired-runs";
import { VISIBLE_MARGIN } from "./observations";
import { type Separation, separation } from "./separation";

/*
 * Whether another implementation parts from float64 backprop at a given learning rate: one pair of runs per seed,
 * same initial weights and sample order. The learning-rate sweep does this with cheap controls over many epochs;
 * this is for an implementation too slow for that (TensorFlow.js at batch size 1), run for a few epochs at the
 * rate where the sweep found the chaotic regime.
 */

/** Float64 backprop against `method`, one separation per seed of the setup. */
export function separationsFromBackprop(setup: PairSetup, method: GradientMethod): Separation[] {
  return againstBackprop(setup, method).map((pair) => separation(pair.reference.history, pair.variant.history));
}

/** "At η = 10, over 20 epochs, <name> parts visibly from float64 backprop in 4 of 4 seeds, by epoch 3 (up to 75%)." */
export function describeSeparationFromBackprop(name: string, lr: number, seps: readonly Separation[]): string {
  const epochs = seps[0].relative.length - 1;
  const visible = seps.map((s) => s.visibleEpoch).filter((e): e is number => e !== null);
  const largest = Math.max(...seps.map((s) => s.maxRel));
  const n = formatCount(seps.length);
  return (
    `At η = ${formatShortest(lr)}, over ${formatCount(epochs)} epochs from the same weights in the same order, ${name} ` +
    (visible.length
      ? `parts visibly (${formatPercent(VISIBLE_MARGIN, 0)} of the error) from float64 backprop in ${formatCount(visible.length)} of ${n} ` +
        `seeds, by epoch ${span(visible, formatCount)}, up to ${formatPercent(largest, 0)} of the error.`
      : `stays within ${formatNumber(largest, 2)} of the error of float64 backprop${seps.length > 1 ? ` in all ${n} seeds` : ""}.`)
  );
}
