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
import { type Separation, separation } from "./separation";

/*
 * Verdicts on the assignment's Question 4 observations 1–5 (how backprop and autograd differ). The first
 * result is structural: the two methods compute the gradient of the same loss and apply the same update, so
 * paired runs (same weights, same sample order) have no method effect by construction. That verdict is never
 * read off a tolerance on the curves, because rounding can be amplified past any tolerance (the learning-rate
 * experiment shows it). What the paired runs do show is reported as a measurement. Then each mechanism that
 * can make two runs differ is asked whether it produces the observation, and how often.
 */

/**
 * What the paired methods are known to compute:
 * - "same gradient": the same loss, the same gradient (checked against each other and finite differences in
 *   the tests), the same update. Any difference between their curves is rounding.
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

export interface PairedRuns {
  construction: Construction;
  /** Backprop and autograd from the same weights in the same sample order, one pair per seed. */
  pairs: RunPair[];
}

/** Each pair's separation; throws when methods declared identical by construction differ from the start. */
export function pairedSeparations(paired: PairedRuns): Separation[] {
  const seps = paired.pairs.map((p) => separation(p.backprop.history, p.autograd.history));
  if (paired.construction === "same gradient") {
    const bad = seps.findIndex((s) => s.kind === "different from the start");
    if (bad >= 0) {
      const s = seps[bad];
      throw new Error(
        `the paired runs of pair ${bad} were declared identical by construction, but they differ from epoch ` +
          `${s.firstEpoch} by ${formatNumber(s.onsetRel, 2)} of the error, far more than rounding: the two ` +
          "implementations do not compute the same thing",
      );
    }
  }
  return seps;
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

/** A sentence on what the paired runs showed, chosen by their separations. */
export function describePaired(seps: readonly Separation[]): string {
  const n = seps.length;
  const identical = seps.filter((s) => s.kind === "bitwise identical").length;
  const amplified = seps.filter((s) => s.kind === "amplified");
  const maxRel = Math.max(...seps.map((s) => s.maxRel));
  if (identical === n) return `Over ${formatCount(n)} paired seeds the two histories are bitwise identical.`;
  if (amplified.length === 0) {
    return (
      `Over ${formatCount(n)} paired seeds the two histories ${identical ? `are bitwise identical in ${ofN(identical, n)} and otherwise ` : ""}` +
      `differ by at most ${formatNumber(maxRel, 2)} of the error: rounding, which the training keeps at that level.`
    );
  }
  const onsets = amplified.map((s) => s.firstEpoch ?? 0);
  const visible = amplified.filter((s) => s.visibleEpoch !== null).map((s) => s.visibleEpoch as number);
  return (
    `Over ${formatCount(n)} paired seeds the histories start apart only by rounding (first difference at epoch ` +
    `${span(onsets, formatCount)}), but in ${ofN(amplified.length, n)} the training amplifies it` +
    (visible.length
      ? `, to a visible ${formatPercent(VISIBLE_MARGIN, 0)} of the error by epoch ${span(visible, formatCount)}`
      : "") +
    ` and up to ${formatPercent(maxRel, 1)}. Which method then looks better is decided by rounding, not by the method.`
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
  return OBSERVATIONS.map((obs) => judgeOne(obs, paired, seps, pairedAt, mechanisms));
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
    paired.construction === "same gradient"
      ? `Backprop and autograd compute the same gradient of the same loss and apply the same update, so from the same ` +
        `weights in the same sample order they train the same network. ${describePaired(seps)}`
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
