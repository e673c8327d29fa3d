import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, streamSeed } from "../src/random/prng";

test("xoshiro128** matches the reference implementation's output for state {1, 2, 3, 4}", () => {
  // Reference values: the published C code (Blackman & Vigna), reproduced independently in Python.
  const rng = Rng.fromState([1, 2, 3, 4]);
  const got = Array.from({ length: 6 }, () => rng.nextUint32());
  assert.deepEqual(got, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test("the same seed gives the same stream; different seeds differ", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 100 }, () => a.uniform());
  const xb = Array.from({ length: 100 }, () => b.uniform());
  const xc = Array.from({ length: 100 }, () => c.uniform());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test("uniform() stays inside (0, 1) with the moments of U(0, 1)", () => {
  const rng = new Rng(7);
  const N = 200_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < N; i++) {
    const u = rng.uniform();
    assert.ok(u > 0 && u < 1, `uniform() returned ${u}`);
    sum += u;
    sumSq += u * u;
  }
  // Mean 1/2 and variance 1/12; the bounds are about 6 standard errors wide.
  assert.ok(Math.abs(sum / N - 0.5) < 0.004);
  assert.ok(Math.abs(sumSq / N - (sum / N) ** 2 - 1 / 12) < 0.002);
});

test("normal() has mean 0 and variance 1", () => {
  const rng = new Rng(11);
  const N = 200_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < N; i++) {
    const z = rng.normal();
    sum += z;
    sumSq += z * z;
  }
  assert.ok(Math.abs(sum / N) < 0.015);
  assert.ok(Math.abs(sumSq / N - 1) < 0.02);
});

test("int(n) is uniform over 0..n-1 and shuffle() is a permutation", () => {
  const rng = new Rng(3);
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `counts ${counts}`);
  const a = Uint32Array.from({ length: 50 }, (_, i) => i);
  rng.shuffle(a);
  assert.deepEqual(
    Array.from(a).sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.notDeepEqual(
    Array.from(a),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test("named streams of one seed are distinct, and stable for a name", () => {
  assert.equal(streamSeed(5, "init"), streamSeed(5, "init"));
  assert.notEqual(streamSeed(5, "init"), streamSeed(5, "shuffle"));
  assert.notEqual(streamSeed(5, "init"), streamSeed(6, "init"));
});

test("bad seeds and bounds are refused with a message", () => {
  assert.throws(() => new Rng(1.5), /seed must be an integer from 0 to 4294967295, got 1.5/);
  assert.throws(() => new Rng(1).int(0), /bound/);
  assert.throws(() => Rng.fromState([0, 0, 0, 0]), /all zeros/);
});
