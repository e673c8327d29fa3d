import { test } from "node:test";
import assert from "node:assert/strict";
import { unrolledEpoch } from "../bench/unrolled";
import { zeros } from "../src/linalg/matrix";
import { cloneParams, initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";
import { expectClose } from "./helpers";

// The bench reports the library's training speed as a ratio to bench/unrolled.ts. That ratio means
// something only if the reference does the same work, so here one unrolled epoch must end at the weights
// the library reaches in one unshuffled epoch of per-sample SGD. Not bitwise: the unrolled loop
// multiplies 2(y − x)·y·(1 − y) left to right where the library takes 2(y − x)·(y(1 − y)), and
// lr·h·e as (lr·h)·e where the library takes lr·(h·e); those last-bit differences stay far below 1e-13.
test("the bench's unrolled reference epoch trains exactly like train(backprop, batch 1, no shuffle)", () => {
  const cases = [
    { what: "the bench's own setup (1,000 uniform rows, η = 0.1)", rows: 1000, seed: 2024, lr: 0.1 },
    { what: "large steps (η = 3)", rows: 200, seed: 7, lr: 3 },
  ];
  for (const c of cases) {
    const rng = new Rng(c.seed);
    const X = zeros(c.rows, 3);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
    const init = initParams(3, 2, rng);

    const library = train(backpropMethod, init, X, null, { epochs: 1, lr: c.lr, shuffle: false }).params;
    const reference = cloneParams(init);
    unrolledEpoch(reference, X, c.lr);

    for (const k of ["W1", "B1", "W2", "B2"] as const) {
      expectClose(reference[k], library[k], { rtol: 1e-13, what: `${c.what}: ${k}` });
      // The epoch moved every weight, so the comparison is not of two untouched copies of init.
      assert.ok(
        reference[k].data.every((v, i) => v !== init[k].data[i]),
        `${c.what}: ${k} did not move`,
      );
    }
  }
});
