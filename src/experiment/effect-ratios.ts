import { formatNumber } from "../format/number";
import { type RatioEstimate, flipSize, ratioEstimate } from "./intervals";
import { type Mechanism } from "./mechanism";

/*
 * A mechanism's effect as a ratio of errors, the unit a reader of two error curves on a log axis sees: for a
 * one-directional mechanism, autograd's error over backprop's (the variant over the reference), summarised over
 * the pairs by the geometric mean with a bootstrap interval; for an exchangeable one, whose direction is
 * arbitrary, the size of the flip (the larger error over the smaller) with its interval.
 */

export interface RatioAt {
  epoch: number;
  exchangeable: boolean;
  train: RatioEstimate;
  test: RatioEstimate | null;
}

export function effectRatios(m: Mechanism, epochs: readonly number[]): RatioAt[] {
  const exchangeable = m.exchangeable === true;
  const summarise = exchangeable ? flipSize : ratioEstimate;
  return epochs.map((epoch) => {
    const train = m.pairs.map((p) => p.variant.history[epoch].trainError / p.reference.history[epoch].trainError);
    const tests = m.pairs.map((p) => {
      const a = p.variant.history[epoch].testError;
      const b = p.reference.history[epoch].testError;
      return a === null || b === null ? null : a / b;
    });
    const test = tests.every((t): t is number => t !== null) ? summarise(tests) : null;
    return { epoch, exchangeable, train: summarise(train), test };
  });
}

/** "×1.37 (1.21–1.52)", or for an exchangeable mechanism "flip ×1.13 (1.05–1.20)". */
export function formatRatio(r: RatioEstimate, exchangeable: boolean): string {
  const f = (x: number): string => formatNumber(x, 3);
  return `${exchangeable ? "flip " : ""}×${f(r.ratio)} (${f(r.interval.low)}–${f(r.interval.high)})`;
}

/** One table row per mechanism: its ratio at each epoch, train and test. */
export function ratioTableRows(ms: readonly Mechanism[], epochs: readonly number[]): Record<string, string>[] {
  return ms.map((m) => {
    const rs = effectRatios(m, epochs);
    return {
      "what differs": m.name,
      ...Object.fromEntries(
        rs.flatMap((r) => [
          [`train, epoch ${r.epoch}`, formatRatio(r.train, r.exchangeable)],
          [`test, epoch ${r.epoch}`, r.test ? formatRatio(r.test, r.exchangeable) : "–"],
        ]),
      ),
    };
  });
}
