import { Rng } from "../random/prng";

/*
 * The statistics every count and every effect size of Question 4 is reported with. A count k of n is a binomial
 * proportion: it gets a Wilson score interval (good coverage at the n = 8 pairs used here, where the normal
 * interval is not) and an exact two-sided binomial test against a chance level. An effect size is a ratio of
 * errors, summarised over pairs by its geometric mean, with a percentile bootstrap interval over the pairs.
 */

/** A two-sided 95% interval. */
export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** The Wilson score interval for k successes in n trials (95% unless z is given). */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  if (!(n > 0) || k < 0 || k > n) throw new Error(`wilsonInterval: ${k} of ${n} is not a count`);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 or k = n the bound is exactly 0 or 1; the formula gives it up to rounding.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** P(X = i) for X ~ Binomial(n, p), through logarithms so that large n does not overflow. */
function binomialPmf(i: number, n: number, p: number): number {
  if (p === 0) return i === 0 ? 1 : 0;
  if (p === 1) return i === n ? 1 : 0;
  let logChoose = 0;
  for (let j = 1; j <= i; j++) logChoose += Math.log(n - i + j) - Math.log(j);
  return Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log(1 - p));
}

/** P(X ≥ k) for X ~ Binomial(n, p): how often chance alone gives a count of k or more. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = Math.max(0, k); i <= n; i++) s += binomialPmf(i, n, p);
  return Math.min(1, s);
}

/**
 * The exact two-sided binomial test of k of n against chance level p: the probability, under the chance level,
 * of a count no more likely than k (the usual "sum of the outcomes at most as probable" definition).
 */
export function binomialTwoSidedP(k: number, n: number, p: number): number {
  const pk = binomialPmf(k, n, p);
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const pi = binomialPmf(i, n, p);
    if (pi <= pk * (1 + 1e-9)) s += pi;
  }
  return Math.min(1, s);
}

/** Bootstrap resamples used for every interval in the notebooks: enough for a stable 2.5% quantile. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * A percentile bootstrap interval of `statistic` over `values` (resampled with replacement), from a fixed seed
 * so that a notebook's numbers do not change from one run to the next.
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  { resamples = BOOTSTRAP_RESAMPLES, seed = 1 }: { resamples?: number; seed?: number } = {},
): Interval {
  if (values.length === 0) throw new Error("bootstrapInterval: no values");
  const rng = new Rng(seed);
  const stats = new Float64Array(resamples);
  const sample = new Array<number>(values.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[rng.int(values.length)];
    stats[b] = statistic(sample);
  }
  stats.sort();
  const at = (q: number): number => stats[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { low: at(0.025), high: at(0.975) };
}

/** The geometric mean of positive ratios: the typical factor, symmetric under swapping numerator and denominator. */
export function geometricMean(ratios: readonly number[]): number {
  return Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
}

/** A typical ratio with its bootstrap interval. */
export interface RatioEstimate {
  ratio: number;
  interval: Interval;
}

/** The geometric mean of `ratios` with a bootstrap interval over them. */
export function ratioEstimate(ratios: readonly number[]): RatioEstimate {
  return { ratio: geometricMean(ratios), interval: bootstrapInterval(ratios, geometricMean) };
}

/**
 * The size of a flip between exchangeable runs: the geometric mean of max(r, 1/r), the factor by which the two runs
 * of a pair differ whichever of them is higher, with its bootstrap interval. It is ≥ 1 and has no direction.
 */
export function flipSize(ratios: readonly number[]): RatioEstimate {
  return ratioEstimate(ratios.map((r) => Math.max(r, 1 / r)));
}
