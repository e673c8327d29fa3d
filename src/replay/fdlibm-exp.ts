/**
 * e^x computed as fdlibm's e_exp.c computes it (in the form of FreeBSD's msun, which V8's base/ieee754.cc
 * ports): the exponential Node's V8 gives Math.exp. Newer V8 builds (Chromium's) compute Math.exp
 * differently in the last bit for some inputs, so a browser that retrains a notebook's run uses this
 * function instead of its own Math.exp to get the notebook's bits (the page bundle swaps it in; see
 * scripts/report-live.ts). Plain double arithmetic and bit moves only, so every JavaScript engine that
 * follows IEEE 754 (all of them) returns the same bits.
 */

const HALF = [0.5, -0.5];
const O_THRESHOLD = 7.09782712893383973096e2; // above this e^x overflows
const U_THRESHOLD = -7.4513321910194110842e2; // below this e^x underflows to 0
const LN2_HI = [6.9314718036912381649e-1, -6.9314718036912381649e-1];
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const HUGE = 1.0e300;
const TWO_M1000 = 9.3326361850321887899e-302; // 2^-1000
const TWO_1023 = 8.98846567431157953865e307; // 2^1023

// One double and its two 32-bit halves; typed arrays use the platform's byte order, little-endian on every
// platform a browser or Node runs on, so index 1 is the high word (sign, exponent, top of the mantissa).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function highWord(x: number): number {
  f64[0] = x;
  return u32[1];
}

function lowWord(x: number): number {
  f64[0] = x;
  return u32[0];
}

/** The double 2^k for k in −1022…1023, built from its exponent bits as fdlibm's INSERT_WORDS does. */
function powerOfTwo(k: number): number {
  u32[1] = (0x3ff00000 + (k << 20)) >>> 0;
  u32[0] = 0;
  return f64[0];
}

export function fdlibmExp(x: number): number {
  // V8's port returns e itself here (fdlibm's formula gives the double above it), so that Math.exp(1) === Math.E.
  if (x === 1) return Math.E;
  let hx = highWord(x);
  const xsb = hx >>> 31; // sign bit of x
  hx &= 0x7fffffff; // high word of |x|

  // Non-finite arguments and results out of range.
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // e^+∞ = +∞, e^−∞ = 0
    }
    if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    if (x < U_THRESHOLD) return TWO_M1000 * TWO_M1000; // underflow
  }

  // Argument reduction: x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi − lo.
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      hi = x - LN2_HI[xsb];
      lo = LN2_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INV_LN2 * x + HALF[xsb]); // C's (int) conversion truncates
      hi = x - k * LN2_HI[0]; // k·ln2_hi is exact here
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^−28: e^x = 1 + x, rounded
    if (HUGE + x > 1) return 1 + x;
  } else {
    k = 0;
  }

  // x is now in the primary range: a rational approximation of e^x there, then the scaling by 2^k.
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * powerOfTwo(k);
  }
  return y * powerOfTwo(k + 1000) * TWO_M1000;
}
