import { test } from "node:test";
import { FUSED_SLIPS, fusedSlipMethod } from "../src/experiment/fused-slips";
import { initParams } from "../src/model/params";
import { slipById } from "../src/model/slips";
import { Rng } from "../src/random/prng";
import { slippedMethod } from "../src/train/slipped";
import { train } from "../src/train/trainer";
import { fromArray } from "../src/linalg/matrix";
import { expectClose } from "./helpers";

// 12 random rows of 3 values in [0, 1], and a 3-2-3 start: small enough for the readable slipped method.
const rng = new Rng(5);
const X = fromArray(
  12,
  3,
  Array.from({ length: 36 }, () => rng.uniform()),
);
const init = initParams(3, 2, new Rng(9));

for (const id of Object.keys(FUSED_SLIPS)) {
  test(`fused slip ${id} trains like the catalogue's readable slippedMethod`, () => {
    const o = { epochs: 5, lr: 0.5, seed: 3 };
    const fast = train(fusedSlipMethod(id), init, X, null, o);
    const plain = train(slippedMethod(slipById(id)), init, X, null, o);
    expectClose(
      fast.history.map((r) => r.trainError),
      plain.history.map((r) => r.trainError),
      { rtol: 1e-12, what: `${id} errors` },
    );
    expectClose(fast.params.W1, plain.params.W1, { rtol: 1e-12, atol: 1e-15, what: `${id} W1` });
    expectClose(fast.params.B2, plain.params.B2, { rtol: 1e-12, atol: 1e-15, what: `${id} B2` });
  });
}
