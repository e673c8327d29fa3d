/**
 * Fewer points for a long curve. A run of a million epochs would put a million points into a figure: a
 * notebook output of tens of megabytes that a browser draws slowly, if at all. Beyond `maxPoints` the curve is
 * cut into equal buckets of consecutive points and each bucket keeps only its lowest and its highest point, in
 * their order, so a spike or a dip of a single epoch still shows; the first and the last point are always kept.
 */

/** Points per curve above which it is reduced: more than a printed figure has pixels across. */
export const MAX_CURVE_POINTS = 4000;

export interface Curve {
  x: number[];
  y: (number | null)[];
}

export function reduceCurve(x: readonly number[], y: readonly (number | null)[], maxPoints = MAX_CURVE_POINTS): Curve {
  if (x.length !== y.length) throw new Error(`a curve needs as many x as y values (${x.length} and ${y.length})`);
  if (!(maxPoints >= 4)) throw new Error(`a reduced curve keeps at least 4 points, not ${maxPoints}`);
  const n = x.length;
  if (n <= maxPoints) return { x: [...x], y: [...y] };
  const buckets = Math.floor((maxPoints - 2) / 2);
  const size = Math.ceil(n / buckets);
  const keep: number[] = [0];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = y[i];
      if (v === null || !Number.isFinite(v)) continue;
      if (lo < 0 || v < (y[lo] as number)) lo = i;
      if (hi < 0 || v > (y[hi] as number)) hi = i;
    }
    // A bucket with nothing to draw keeps one of its gaps, so the line still breaks there.
    const picked = lo < 0 ? [start] : lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)];
    for (const i of picked) if (i > keep[keep.length - 1]) keep.push(i);
  }
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]) };
}
