/**
 * The project's one source of randomness: xoshiro128** seeded through splitmix32.
 *
 * Only 32-bit integer arithmetic (Math.imul, shifts) produces the stream, so a seed yields the same
 * numbers on every machine and every Node version. Floats take 53 random bits from two draws, so
 * uniform() never returns exactly 0 or 1 and covers the double grid evenly. normal() uses
 * Box–Muller, which calls Math.log/cos; V8 implements both in software (fdlibm ports), so they too
 * are reproducible across machines running the same Node major version.
 */
export class Rng {
  /**
   * The four state words s0…s3. A Uint32Array rather than four number fields: V8 stores a field whose
   * values pass 2³¹ as a boxed double and converts it on every use, which made each draw several times slower.
   */
  private readonly s = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    requireSeed(seed);
    let x = seed >>> 0;
    const next = (): number => {
      // splitmix32: spreads any 32-bit seed (even 0) into a well-mixed state.
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.s[i] = next();
  }

  /** A generator with the raw xoshiro128** state (four 32-bit words, not all 0): for checking against the reference. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    if (state.every((w) => w >>> 0 === 0)) throw new Error("Rng.fromState: the state must not be all zeros");
    const rng = new Rng(0);
    rng.s.set(state.map((w) => w >>> 0));
    return rng;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform on the open interval (0, 1). */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992; // (k + ½) / 2⁵³
  }

  /** Uniform on (lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal deviate (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new Error(`Rng.int: bound must be in 1..2^32, got ${n}`);
    return n === 2 ** 32 ? this.nextUint32() : this.below(n); // every draw is below 2³², and v mod 2³² = v
  }

  /**
   * int(n) for n in 1..2³² − 1: draws v until v < 2³² − (2³² mod n), then returns v mod n: the same numbers
   * as double arithmetic gives, computed faster. 2³² mod n is taken as (2³² − n) mod n, which fits in 32 bits.
   * The `>>> 0` on each remainder changes no value (both lie in 0..n − 1) but tells V8 it is a 32-bit integer,
   * so it divides integers instead of calling fmod (which it must when the divisor might be 0 and the result NaN).
   */
  private below(n: number): number {
    const m = n >>> 0;
    const limit = 4294967296 - ((((0 - m) >>> 0) % m) >>> 0);
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return (v % m) >>> 0;
    }
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(a: Uint32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A seed for an independent named stream ("split", "init", "shuffle") derived from one user seed,
 * so changing how many numbers one consumer draws never shifts another consumer's numbers.
 */
export function streamSeed(seed: number, name: string): number {
  requireSeed(seed);
  let hash = 0x811c9dc5; // FNV-1a over the name, then mixed with the seed
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (Math.imul((seed >>> 0) ^ hash, 0x9e3779b1) ^ (seed >>> 16)) >>> 0;
}

/**
 * Seeds are 32-bit: the generator reduces a seed modulo 2³², so NaN, 2³², 1.5 or −1 would silently be
 * another seed. The CLI's --seed takes the same range.
 */
export function requireSeed(seed: number, name = "seed"): void {
  if (!isSeed(seed)) throw new RangeError(`${name} must be an integer from 0 to 4294967295, got ${seed}`);
}

export function isSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff;
}
