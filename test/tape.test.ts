import { test } from "node:test";
import assert from "node:assert/strict";
import { tapeLines, tapeText } from "../src/derivation/tape";
import { finiteDifferenceFactors } from "../src/derivation/factors";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { expectClose } from "./helpers";

function randomCase(n: number, h: number, seed: number) {
  const rng = new Rng(seed);
  const p = initParams(n, h, rng, { scheme: "normal" });
  for (const b of [p.B1, p.B2]) for (let i = 0; i < b.data.length; i++) b.data[i] = rng.range(-1, 1);
  return { p, x: Array.from({ length: n }, () => rng.uniform()) };
}

test("the tape read as the derivation: one line per gradient, from E down to W1, in the derivation's names", () => {
  const { p, x } = randomCase(3, 2, 3);
  const lines = tapeLines(p, x);
  assert.deepEqual(
    lines.map((l) => l.equation.split(" = ")[0]),
    [
      "∂E/∂(x̂ − x)²",
      "∂E/∂(x̂ − x)",
      "∂E/∂O2",
      "∂E/∂I2",
      "∂E/∂(W2ᵀO1)",
      "∂E/∂B2",
      "∂E/∂O1",
      "∂E/∂W2",
      "∂E/∂I1",
      "∂E/∂(W1ᵀx)",
      "∂E/∂B1",
      "∂E/∂W1",
    ],
  );
  assert.deepEqual(
    lines.map((l) => l.shape),
    ["3×1", "3×1", "3×1", "3×1", "3×1", "3×1", "2×1", "2×3", "2×1", "2×1", "2×1", "3×2"],
  );
  assert.match(tapeText(lines), /^∂E\/∂I2 = 2\(x̂ − x\) ⊙ σ′\(I2\) +\[3×1\]/m);
});

test("each tape line is the derivation's value bit for bit, and both match finite differences", () => {
  for (const [n, h, seed] of [
    [3, 2, 1],
    [4, 4, 2],
    [2, 5, 3],
  ]) {
    const { p, x } = randomCase(n, h, seed);
    const lines = tapeLines(p, x);
    for (const l of lines) if (l.difference !== null) assert.equal(l.difference, 0, `${l.equation} (n=${n}, h=${h})`);
    // The independent reason: central differences of E, which use neither the engine nor backward.ts.
    const fd = finiteDifferenceFactors(p, x);
    const by = (eq: string) => lines.find((l) => l.equation.startsWith(eq))!.value;
    expectClose(by("∂E/∂W1"), fd.dE_dW1, { atol: 1e-8, what: "∂E/∂W1" });
    expectClose(by("∂E/∂B2"), fd.dE_dB2, { atol: 1e-8, what: "∂E/∂B2" });
    expectClose(by("∂E/∂I1"), fd.alpha, { atol: 1e-8, what: "α" });
  }
});

test("tapeLines refuses a sample of the wrong length", () => {
  const { p } = randomCase(3, 2, 1);
  assert.throws(() => tapeLines(p, [0.1, 0.2]), /the sample has 2 values, the network 3 inputs/);
});
