import { test } from "node:test";
import assert from "node:assert/strict";
import { fdlibmExp } from "../src/replay/fdlibm-exp";

/**
 * The port must give Node's Math.exp bit for bit (V8 ports fdlibm), or a page that uses it cannot reproduce a
 * notebook's run. Arguments: uniform over the whole finite range of e^x, dense over the sigmoid's working range,
 * and the edges of each branch of the algorithm.
 */
function xorshift(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

test("fdlibmExp equals Math.exp bit for bit on 10⁶ arguments over the range of e^x and of the sigmoid", () => {
  const next = xorshift(0x9e3779b9);
  let differ = 0;
  let first = "";
  for (let i = 0; i < 1_000_000; i++) {
    const u = (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
    const x = i % 2 === 0 ? -746 + u * 1456 : -40 + u * 80;
    if (!Object.is(fdlibmExp(x), Math.exp(x))) {
      differ++;
      first ||= `x = ${x}: ${fdlibmExp(x)} ≠ ${Math.exp(x)}`;
    }
  }
  assert.equal(differ, 0, first);
});

test("fdlibmExp equals Math.exp on every branch's edges, special values and small integers", () => {
  const next = (x: number, ulps: number): number => {
    const f = new Float64Array([x]);
    const b = new BigInt64Array(f.buffer);
    b[0] += BigInt(ulps) * (x < 0 ? -1n : 1n);
    return f[0];
  };
  const edges = [
    0,
    -0,
    1,
    -1,
    2,
    0.5,
    -0.5,
    Math.LN2 / 2,
    1.5 * Math.LN2,
    2 ** -28,
    -(2 ** -28),
    2 ** -1074,
    1e-300,
    709.782712893384,
    -745.1332191019411,
    -708.39641853226408,
    -1021 * Math.LN2,
    709,
    -745,
    800,
    -800,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
  ];
  const args = edges.flatMap((x) => [-2, -1, 0, 1, 2].map((k) => (Number.isFinite(x) && x !== 0 ? next(x, k) : x)));
  for (let k = -60; k <= 60; k++) args.push(k, k / 8);
  for (const x of args) assert.ok(Object.is(fdlibmExp(x), Math.exp(x)), `x = ${x}: ${fdlibmExp(x)} ≠ ${Math.exp(x)}`);
});
