import { formatCount, formatNumber, formatShortest } from "../format/number";
import { type ObservationVerdict, describePaired, formatInterval } from "./claims";
import { type RatioAt, formatRatio } from "./effect-ratios";
import { type RatioEstimate } from "./intervals";
import { type InitialError, initialErrorVerdict } from "./initial-error";
import { type Interval, wilsonInterval } from "./intervals";
import { type LyapunovRun } from "./lyapunov";
import { type EffectAt } from "./mechanism";
import { type Separation } from "./separation";

/*
 * The closing discussion of Question 4. Its facts are computed first (discussionFacts), so that the tests can
 * check them against the verdicts and the runs; the paragraphs only put those facts into words.
 */

/** Everything the discussion is written from. */
export interface DiscussionInputs {
  lr: number;
  early: number;
  last: number;
  /** Paired backprop and autograd, same weights and order. */
  paired: readonly Separation[];
  /** oneStepDifference of backprop and autograd. */
  oneStep: number;
  verdicts: readonly ObservationVerdict[];
  /** The flip between two independent runs (effectRatios of that exchangeable mechanism at [early, last]). */
  independent: readonly RatioAt[];
  /** The loss-averaging effect at the early epoch: autograd ÷ backprop error under SGD, the relative difference under Adam. */
  lossSgd: RatioEstimate;
  lossAdam: EffectAt;
  adamLr: number;
  lyapunov: readonly LyapunovRun[];
  initial: InitialError;
}

/** One mechanism that reliably produces some observations. */
export interface ReliableMechanism {
  mechanism: string;
  observations: { id: number; k: number; n: number; interval: Interval }[];
}

/** What the learning-rate sweep's exponents say at one η. */
export interface ChaosAt {
  lr: number;
  learnt: number;
  diverged: number;
  /** Lowest and highest exponent of the runs that learnt (null if none did). */
  range: [number, number] | null;
  /** Runs that learnt with a positive exponent above CHAOS_THRESHOLD. */
  chaotic: number;
}

/**
 * An exponent per epoch above this is chaos: a difference grows by e^0.05 ≈ 5% an epoch, tenfold in under 50
 * epochs. Below it (|λ| of a few 10⁻³ at small η) the estimate over 100 epochs cannot tell slow drift from zero.
 */
export const CHAOS_THRESHOLD = 0.05;

export interface DiscussionFacts {
  reliable: ReliableMechanism[];
  /** Observations that no one-directional mechanism produces reliably. */
  unexplained: number[];
  chaos: ChaosAt[];
}

export function discussionFacts(d: DiscussionInputs): DiscussionFacts {
  const byMechanism = new Map<string, ReliableMechanism>();
  const unexplained: number[] = [];
  for (const v of d.verdicts) {
    const reliable = v.findings.filter((f) => f.verdict === "reliably");
    if (reliable.length === 0) unexplained.push(v.id);
    for (const f of reliable) {
      const entry = byMechanism.get(f.mechanism) ?? { mechanism: f.mechanism, observations: [] };
      entry.observations.push({
        id: v.id,
        k: f.count.visible,
        n: f.count.pairs,
        interval: wilsonInterval(f.count.visible, f.count.pairs),
      });
      byMechanism.set(f.mechanism, entry);
    }
  }
  const rates = [...new Set(d.lyapunov.map((r) => r.lr))].sort((a, b) => a - b);
  const chaos = rates.map((lr): ChaosAt => {
    const runs = d.lyapunov.filter((r) => r.lr === lr);
    const learnt = runs.filter((r) => !r.diverged).map((r) => r.exponent);
    return {
      lr,
      learnt: learnt.length,
      diverged: runs.length - learnt.length,
      range: learnt.length ? [Math.min(...learnt), Math.max(...learnt)] : null,
      chaotic: learnt.filter((x) => x > CHAOS_THRESHOLD).length,
    };
  });
  return { reliable: [...byMechanism.values()], unexplained, chaos };
}

const ids = (xs: readonly number[]): string =>
  xs.length === 1 ? `observation ${xs[0]}` : `observations ${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
const of = (k: number, n: number): string => `${formatCount(k)} of ${formatCount(n)}`;

/** The closing discussion as Markdown paragraphs. */
export function discussion(d: DiscussionInputs): string[] {
  const facts = discussionFacts(d);
  const out: string[] = [];
  const amplified = d.paired.some((s) => s.kind === "grown");
  out.push(
    `**The method is not a cause.** Backprop and autograd compute one gradient and the trainer applies it with one update ` +
      `rule, so from the same weights in the same sample order they train the same network. ${describePaired(d.paired, d.oneStep)}` +
      (amplified
        ? ` At η = ${formatShortest(d.lr)} a comparison of the two methods' curves therefore says nothing about either.`
        : " Every difference the observations describe must come from something else that differed between the two runs."),
  );

  const reliableText = facts.reliable.map(
    (r) =>
      `${r.mechanism} gives ${ids(r.observations.map((o) => o.id))} (` +
      r.observations.map((o) => `${of(o.k, o.n)}, ${formatInterval(o.interval)}`).join("; ") +
      ")",
  );
  out.push(
    `**What has a direction.** A difference with a preferred direction can reproduce an observation reliably, in more ` +
      `pairs than a coin would (95% interval above one half). Measured here: ` +
      (reliableText.length ? `${reliableText.join("; ")}. ` : "none does. ") +
      (facts.unexplained.length
        ? `No one-directional mechanism measured here gives ${ids(facts.unexplained)} reliably. `
        : "") +
      `The loss averaged over the outputs is exactly a learning rate of η/n under SGD (autograd's training error ` +
      `${formatRatio(d.lossSgd, false)} backprop's at epoch ${formatCount(d.early)}); under Adam (η = ${formatShortest(d.adamLr)}), which divides each step by the gradient's ` +
      `own scale, the same change moves the error by ${formatNumber(d.lossAdam.medianRel, 2)} of itself: the effect vanishes.`,
  );

  const [early, late] = d.independent;
  out.push(
    `**What is a coin flip.** Initial weights, sample order and the train/test split have no preferred direction: which of ` +
      `two such runs is called "autograd" is arbitrary, so each shows a one-sided observation in at most half of its pairs, ` +
      `and its counts are not evidence for a cause. What they do set is the size of the flip: two independent runs differ ` +
      `by ${formatRatio(early.train, false)} in training error at epoch ${formatCount(early.epoch)} and by ` +
      `${formatRatio(late.train, false)} at epoch ${formatCount(late.epoch)}` +
      (late.test ? `, ${formatRatio(late.test, false)} in test error` : "") +
      " (geometric mean of the larger over the smaller error, 95% bootstrap interval). Any single comparison of two runs carries that much.",
  );

  const chaotic = facts.chaos.filter((c) => c.chaotic > 0);
  const divergedRates = facts.chaos.filter((c) => c.diverged > 0);
  const calm = facts.chaos.filter((c) => c.chaotic === 0 && c.learnt > 0);
  const range = (c: ChaosAt): string =>
    c.range ? `from ${formatNumber(c.range[0], 2)} to ${formatNumber(c.range[1], 2)}` : "–";
  const calmLow = Math.min(...calm.map((c) => c.range?.[0] ?? 0));
  const calmHigh = Math.max(...calm.map((c) => c.range?.[1] ?? 0));
  out.push(
    `**Chaos, measured.** ` +
      (calm.length
        ? `At η = ${calm.map((c) => formatShortest(c.lr)).join(", ")} the largest Lyapunov exponent of an epoch of SGD lies ` +
          `between ${formatNumber(calmLow, 2)} and ${formatNumber(calmHigh, 2)} per epoch: nearby runs neither separate nor ` +
          "converge much, so rounding stays rounding"
        : "No rate of the sweep is below the chaotic regime") +
      (chaotic.length
        ? `; it is positive at ${chaotic.map((c) => `η = ${formatShortest(c.lr)} (${of(c.chaotic, c.learnt + c.diverged)} seeds, ${range(c)})`).join(", ")}, ` +
          "where a last-bit difference between two correct programs grows until their curves part as far as two seeds"
        : "; no rate of the sweep is chaotic") +
      (divergedRates.length
        ? `. At ${divergedRates.map((c) => `η = ${formatShortest(c.lr)}, ${of(c.diverged, c.learnt + c.diverged)} runs`).join("; ")} end above their starting error: they diverged, which is not chaos.`
        : "."),
  );

  const sixth = initialErrorVerdict(d.initial);
  out.push(`**The first error (observation 6).** ${sixth.verdict}. ${sixth.evidence}`);
  return out;
}
