import { formatCount, formatNumber, formatPercent } from "../format/number";
import { type Mechanism, type RunPair, lastEpoch } from "./mechanism";
import {
  OBSERVATIONS,
  VISIBLE_MARGIN,
  type Observation,
  type ObservationCount,
  type ObservationEpochs,
  countObservation,
} from "./observations";
import { ONE_STEP_LIMIT } from "./one-step";
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

/** One mechanism's result for one observation. */
export interface Finding {
  mechanism: string;
  differs: string;
  at: ObservationEpochs;
  count: ObservationCount;
  verdict: "can arise" | "not reproduced";
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
  return paired.pairs.map((p) => separation(p.backprop.history, p.autograd.history));
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

/** How a count reads in prose: "visibly in 3 of 8 pairs (median margin 2.1% of the error)". */
export function describeCount(c: ObservationCount): string {
  return `visibly in ${ofN(c.visible, c.pairs)} pairs (median margin ${formatPercent(c.medianMargin)} of the error)`;
}

/** The short form for lists: "initial weights (4 of 8)". */
function shortFinding(f: Finding): string {
  return `${f.mechanism} (${ofN(f.count.visible, f.count.pairs)})`;
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
  const pairedAt: ObservationEpochs = { early, last: paired.pairs[0].backprop.history.length - 1 };
  return OBSERVATIONS.map((obs, i) =>
    judgeOne(obs, paired, seps, pairedAt, mechanisms, i === 0 ? null : OBSERVATIONS[0].id),
  );
}

/** The share of a finding's pairs in which the observation holds visibly. */
function share(f: Finding): number {
  return f.count.visible / f.count.pairs;
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
    return {
      mechanism: m.name,
      differs: m.differs,
      at,
      count,
      verdict: count.visible > 0 ? "can arise" : "not reproduced",
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
  const arise = findings.filter((f) => f.verdict === "can arise");
  const not = findings.filter((f) => f.verdict === "not reproduced");
  const list = (fs: Finding[]): string => fs.map(shortFinding).join(", ");
  const best = arise.reduce<Finding | null>((b, f) => (b === null || share(f) > share(b) ? f : b), null);
  const mechanismPart =
    (best
      ? `It can arise from other differences between two runs. Checked on the ${obs.where(pairedAt)}, it holds by at least ` +
        `${formatPercent(VISIBLE_MARGIN, 0)} of the error in pairs of runs that differ only in: ${list(arise)}. ` +
        `It holds most often when they differ in ${best.mechanism}: ${describeCount(best.count)}.`
      : `No mechanism measured here reproduces it by ${formatPercent(VISIBLE_MARGIN, 0)} of the error or more.`) +
    (not.length ? ` It is not reproduced by a difference in ${list(not)}.` : "");
  return {
    id: obs.id,
    observation: obs.text,
    verdict,
    paired: pairedCount,
    findings,
    evidence: `${methodPart} ${mechanismPart}`,
  };
}
