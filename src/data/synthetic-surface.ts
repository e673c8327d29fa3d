import { type Matrix, zeros } from "../linalg/matrix";
import { Rng, streamSeed } from "../random/prng";

/**
 * Points near the bowl x3 = 0.15 + 0.35 (x1² + x2²), x1, x2 uniform on (0, 1), with Gaussian noise of
 * standard deviation `noise` on x3, clamped to [0, 1] (the bowl spans [0.15, 0.85], so with small noise
 * clamping almost never acts). Two degrees of freedom in three coordinates: a 2-unit bottleneck can in
 * principle reconstruct the points up to the noise, which makes the 3-2-3 hidden layer meaningful on it.
 */
export interface SurfaceOptions {
  count?: number;
  noise?: number;
  /** The points come from its "synth" stream (default 1, the seed of data/surface.csv). */
  seed?: number;
}

export const SURFACE_DEFAULTS = { count: 400, noise: 0.02, seed: 1 } as const;
export const SURFACE_COLUMNS: readonly string[] = ["x1", "x2", "x3"];

export function syntheticSurface(options: SurfaceOptions = {}): Matrix {
  const X = zeros(options.count ?? SURFACE_DEFAULTS.count, 3);
  let r = 0;
  for (const point of surfacePoints(options)) X.data.set(point, 3 * r++);
  return X;
}

/** The same points one at a time, in the same order, for writing more of them than fit in memory. */
export function* surfacePoints(options: SurfaceOptions = {}): Generator<[number, number, number]> {
  const count = options.count ?? SURFACE_DEFAULTS.count;
  const noise = options.noise ?? SURFACE_DEFAULTS.noise;
  const seed = options.seed ?? SURFACE_DEFAULTS.seed;
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`syntheticSurface: count must be a positive integer, got ${count}`);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new Error(`syntheticSurface: noise must be ≥ 0, got ${noise}`);
  const rng = new Rng(streamSeed(seed, "synth"));
  for (let r = 0; r < count; r++) {
    const x1 = rng.uniform();
    const x2 = rng.uniform();
    // Always draw the noise, even when it is 0, so the points' x1, x2 do not depend on the noise level.
    const x3 = 0.15 + 0.35 * (x1 * x1 + x2 * x2) + noise * rng.normal();
    yield [x1, x2, Math.min(1, Math.max(0, x3))];
  }
}
