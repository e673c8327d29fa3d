import { formatCount, formatNumber, formatPercent } from "../format/number";
import { type Mechanism, lastEpoch } from "./mechanism";
import { type RunPair } from "./paired-runs";
import {
  OBSERVATIONS,
  VISIBLE_MARGIN,
  type Observation,
  type ObservationCount,
  type ObservationEpochs,
  countObservation,
} from "./observations";
import { ONE_STEP_LIMIT } from "./one-step";
import { type Interval, wilsonInterval } from "./intervals";
import { type Separation, separation } from "./separation";

/*
 * Verdicts on the assignment's Question 4 observations 1–5 (how backprop and autograd differ). The first
 * result is structural: the two methods compute the gradient of the same loss and apply the same update, so
 * paired runs (same weights, same sample order) have no method effect by construction. That verdict is never
 * read off a tolerance on the curves, because rounding can be amplified past any tolerance (the learning-rate
 * experiment shows it); the construction is checked on a single update instead (one-step.ts). What the paired
 * runs do show is reported as a measurement. Then each mechanism that
 * can make two runs differ is asked whether it produces the observation, and how often.
 */

/**
 * What the paired methods are known to compute:
 * - "same gradient": the same loss, the same gradient (checked against each other and finite differences in
 *   the tests), the same update. Any difference between their curves is rounding, possibly amplified.
 * - "different": they train different things (e.g. one on an averaged loss), so their difference is measured.
 */
export type Construction = "same gradient" | "different";

export type Verdict = "no method effect: identical by construction" | "can arise" | "not reproduced";

/**
 * What one mechanism does for one observation:
 * - "reliably": one-directional, and the 95% interval of its count lies above one half;
 * - "not produced": one-directional, and the interval lies below one half;
 * - "undecided": one-directional, and the interval contains one half (no better than a coin);
 * - "coin flip": exchangeable (seeds, orders, splits): no direction, whatever the count.
 */
export type FindingVerdict = "reliably" | "not produced" | "undecided" | "coin flip";

/** One mechanism's result for one observation. */
export interface Finding {
  mechanism: string;
  differs: string;
  at: ObservationEpochs;
  count: ObservationCount;
  /** Wilson 95% interval of count.visible / count.pairs. */
  interval: Interval;
  exchangeable: boolean;
  verdict: FindingVerdict;
}

/** A finding's verdict from its count and whether its mechanism has a direction. */
export function findingVerdict(count: ObservationCount, exchangeable: boolean): FindingVerdict {
  if (exchangeable) return "coin flip";
  const w = wilsonInterval(count.visible, count.pairs);
  return w.low > 0.5 ? "reliably" : w.high < 0.5 ? "not produced" : "undecided";
}

export interface ObservationVerdict {
  id: number;
  observation: string;
  verdict: Verdict;
  /** The paired runs' own numbers for this observation. */
  paired: ObservationCount;
  findings: Finding[];
  /** Markdown, assembled from the numbers. */
  evidence: string;
}

/** Backprop and autograd from the same weights in the same sample order, one pair per seed. */
export type PairedRuns =
  | {
      construction: "same gradient";
      pairs: RunPair[];
      /** oneStepDifference of the two methods (one-step.ts): the construction, checked where nothing amplifies. */
      oneStep: number;
    }
  | { construction: "different"; pairs: RunPair[] };

/**
 * Each pair's separation. Throws when methods declared identical by construction disagree on a single update:
 * then the construction is wrong, and no verdict can rest on it.
 */
export function pairedSeparations(paired: PairedRuns): Separation[] {
  if (paired.construction === "same gradient" && !(paired.oneStep <= ONE_STEP_LIMIT)) {
    throw new Error(
      `the paired methods were declared identical by construction, but one update from the same weights differs ` +
        `by ${formatNumber(paired.oneStep, 2)} of the update (rounding makes at most about 10⁻¹⁵): the two ` +
        "implementations do not compute the same thing",
    );
  }
  return paired.pairs.map((p) => separation(p.reference.history, p.variant.history));
}

/** "5–64", or "5" when the lowest and the highest value read the same. */
export function span(xs: readonly number[], show: (x: number) => string): string {
  const lo = show(Math.min(...xs));
  const hi = show(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** "3 of 8" */
function ofN(k: number, n: number): string {
  return `${formatCount(k)} of ${formatCount(n)}`;
}

/** "34–100%": a proportion's interval as percentages. */
export function formatInterval(i: Interval): string {
  return `${formatPercent(i.low, 0).replace("%", "")}–${formatPercent(i.high, 0)}`;
}

/** "8 of 8 pairs (95% interval 68–100%)" */
export function describeShare(k: number, n: number): string {
  return `${ofN(k, n)} pairs (95% interval ${formatInterval(wilsonInterval(k, n))})`;
}

/** How a count reads in prose: "visibly in 3 of 8 pairs (95% interval 14–69%; median margin 2.1% of the error)". */
export function describeCount(c: ObservationCount): string {
  return (
    `visibly in ${ofN(c.visible, c.pairs)} pairs (95% interval ${formatInterval(wilsonInterval(c.visible, c.pairs))}; ` +
    `median margin ${formatPercent(c.medianMargin)} of the error)`
  );
}

/**
 * What the paired runs showed, chosen by their separations; `oneStep` (when known) is how far a single update
 * of the two methods differs, which is what makes a grown difference "amplified rounding".
 */
export function describePaired(seps: readonly Separation[], oneStep?: number): string {
  const n = seps.length;
  const identical = seps.filter((s) => s.kind === "bitwise identical").length;
  const grown = seps.filter((s) => s.kind === "grown");
  const maxRel = Math.max(...seps.map((s) => s.maxRel));
  if (identical === n) return `Over ${formatCount(n)} paired seeds the two histories are bitwise identical.`;
  if (grown.length === 0) {
    return (
      `Over ${formatCount(n)} paired seeds the two histories ${identical ? `are bitwise identical in ${ofN(identical, n)} and otherwise ` : ""}` +
      `differ by at most ${formatNumber(maxRel, 2)} of the error: rounding, which the training keeps at that level.`
    );
  }
  const onsets = grown.map((s) => s.firstEpoch ?? 0);
  const visible = grown.filter((s) => s.visibleEpoch !== null).map((s) => s.visibleEpoch as number);
  const step =
    oneStep === undefined
      ? ""
      : oneStep === 0
        ? "A single update from the same weights is bitwise the same in both, so "
        : `A single update from the same weights differs by at most ${formatNumber(oneStep, 2)} of the update, so `;
  return (
    `Over ${formatCount(n)} paired seeds the histories first differ at epoch ${span(onsets, formatCount)}, and in ` +
    `${ofN(grown.length, n)} the difference grows` +
    (visible.length
      ? `, to a visible ${formatPercent(VISIBLE_MARGIN, 0)} of the error by epoch ${span(visible, formatCount)}`
      : "") +
    ` and up to ${formatPercent(maxRel, 1)}. ` +
    `${step}${step ? "this is rounding amplified by the training. " : ""}` +
    "Which method then looks better is decided by rounding, not by the method."
  );
}

/**
 * The verdict on observations 1–5. `paired` are backprop and autograd from the same weights and order; each
 * mechanism's pairs differ in one thing. `early` is "a small number of epochs"; "many" is each run's last epoch.
 */
export function judgeObservations(
  paired: PairedRuns,
  mechanisms: readonly Mechanism[],
  early: number,
): ObservationVerdict[] {
  if (paired.pairs.length === 0) throw new Error("judgeObservations: no paired runs");
  const seps = pairedSeparations(paired);
  const pairedAt: ObservationEpochs = { early, last: paired.pairs[0].reference.history.length - 1 };
  return OBSERVATIONS.map((obs, i) =>
    judgeOne(obs, paired, seps, pairedAt, mechanisms, i === 0 ? null : OBSERVATIONS[0].id),
  );
}

function judgeOne(
  obs: Observation,
  paired: PairedRuns,
  seps: readonly Separation[],
  pairedAt: ObservationEpochs,
  mechanisms: readonly Mechanism[],
  /** The observation whose evidence already explains the paired runs (null: explain them here). */
  explainedIn: number | null,
): ObservationVerdict {
  const pairedCount = countObservation(obs, paired.pairs, pairedAt);
  const findings: Finding[] = mechanisms.map((m) => {
    const at: ObservationEpochs = { early: Math.min(pairedAt.early, lastEpoch(m)), last: lastEpoch(m) };
    const count = countObservation(obs, m.pairs, at);
    const exchangeable = m.exchangeable === true;
    return {
      mechanism: m.name,
      differs: m.differs,
      at,
      count,
      interval: wilsonInterval(count.visible, count.pairs),
      exchangeable,
      verdict: findingVerdict(count, exchangeable),
    };
  });
  const verdict: Verdict =
    paired.construction === "same gradient"
      ? "no method effect: identical by construction"
      : pairedCount.visible > 0
        ? "can arise"
        : "not reproduced";
  const methodPart =
    paired.construction === "same gradient" && explainedIn !== null
      ? `As for observation ${explainedIn}, the paired runs show no method effect.`
      : paired.construction === "same gradient"
        ? `Backprop and autograd compute the same gradient of the same loss and apply the same update, so from the same ` +
          `weights in the same sample order they train the same network. ${describePaired(seps, paired.oneStep)}`
        : `The two methods train different things; from the same weights in the same order the observation holds ` +
          `${describeCount(pairedCount)} (${obs.where(pairedAt)}).`;
  return {
    id: obs.id,
    observation: obs.text,
    verdict,
    paired: pairedCount,
    findings,
    evidence: `${methodPart}\n\n${describeFindings(findings, obs.where(pairedAt))}`,
  };
}

/**
 * The mechanisms' part of a verdict, as a Markdown list: the reliable ones with their counts and intervals, the
 * undecided and the non-producing ones likewise, the coin flips with both counts and the size of the flip.
 */
export function describeFindings(findings: readonly Finding[], where: string): string {
  const of = (v: FindingVerdict): Finding[] => findings.filter((f) => f.verdict === v);
  const withCount = (f: Finding): string =>
    `${f.mechanism} (${ofN(f.count.visible, f.count.pairs)}, ${formatInterval(f.interval)})`;
  const items: string[] = [];
  const reliable = of("reliably");
  items.push(
    reliable.length
      ? `*Produced reliably* (by at least ${formatPercent(VISIBLE_MARGIN, 0)} of the error, 95% interval above one half) by ` +
          `${reliable.map(withCount).join("; ")}.`
      : "*No one-directional mechanism* measured here produces it reliably.",
  );
  const undecided = of("undecided");
  if (undecided.length) items.push(`*No more often than a coin would:* ${undecided.map(withCount).join("; ")}.`);
  const never = of("not produced");
  if (never.length) items.push(`*Not produced* by ${never.map(withCount).join("; ")}.`);
  const flips = of("coin flip");
  if (flips.length)
    items.push(
      `*Coin flips*, with no preferred direction (their two runs are drawn alike, so by symmetry each shows the observation ` +
        `in at most half of its pairs): ${flips
          .map(
            (f) =>
              `${f.mechanism} (holds in ${formatCount(f.count.visible)}, the opposite in ${formatCount(f.count.opposite)} of ` +
              `${formatCount(f.count.pairs)}; size ${formatPercent(f.count.medianSize)} of the error)`,
          )
          .join("; ")}.`,
    );
  return `Checked on the ${where}:\n\n${items.map((i) => `- ${i}`).join("\n")}`;
}
