import { test } from "node:test";
import { fromRows, column } from "../src/linalg/matrix";
import { backpropSample } from "../src/model/backward";
import { type Params } from "../src/model/params";
import { expectClose } from "./helpers";

/**
 * One sample worked out by hand. The weights are chosen so every sigmoid value is a simple fraction:
 * σ(0) = 1/2 and σ(±ln 3) = 3/4 and 1/4, so σ' is 1/4 or 3/16. With x = (1, 0, 0):
 *   I1 = W1ᵀx + B1 = (0, ln 3)                O1 = (1/2, 3/4)         σ'(I1) = (1/4, 3/16)
 *   W2ᵀO1 = (2·½ + 4·¾, 4·½ + 0, −4·½ + 8·¾) = (4, 2, 4)
 *   I2 = W2ᵀO1 + B2 = (0, ln 3, −ln 3)        O2 = (1/2, 3/4, 1/4)    σ'(I2) = (1/4, 3/16, 3/16)
 *   E = (½ − 1)² + (¾)² + (¼)² = 7/8
 *   ∂E/∂O2 = 2(O2 − x) = (−1, 3/2, 1/2)
 *   ∂E/∂I2 = ∂E/∂O2 ⊙ σ'(I2) = (−1/4, 9/32, 3/32)
 *   ∂E/∂W2 = O1 (∂E/∂I2)ᵀ = [[−1/8, 9/64, 3/64], [−3/16, 27/128, 9/128]]
 *   W2 ∂E/∂I2 = (2·(−¼) + 4·9/32 − 4·3/32, 4·(−¼) + 0 + 8·3/32) = (1/4, −1/4)
 *   α = (W2 ∂E/∂I2) ⊙ σ'(I1) = (1/16, −3/64)
 *   ∂E/∂W1 = x αᵀ = [[1/16, −3/64], [0, 0], [0, 0]]      ∂E/∂B1 = α
 */
test("backpropSample reproduces a gradient worked out by hand", () => {
  const ln3 = Math.log(3);
  const p: Params = {
    W1: fromRows([
      [0, ln3],
      [5, -7], // rows 2 and 3 meet x2 = x3 = 0, so any values do
      [1, 2],
    ]),
    B1: column([0, 0]),
    W2: fromRows([
      [2, 4, -4],
      [4, 0, 8],
    ]),
    B2: column([-4, ln3 - 2, -4 - ln3]),
  };
  const g = backpropSample(p, [1, 0, 0]);
  const tol = { rtol: 1e-12, atol: 1e-15 };
  expectClose(g.forward.I1, column([0, ln3]), { ...tol, what: "I1" });
  expectClose(g.forward.O1, column([1 / 2, 3 / 4]), { ...tol, what: "O1" });
  expectClose(g.forward.I2, column([0, ln3, -ln3]), { ...tol, what: "I2" });
  expectClose(g.forward.O2, column([1 / 2, 3 / 4, 1 / 4]), { ...tol, what: "O2" });
  expectClose(g.E, 7 / 8, { ...tol, what: "E" });
  expectClose(g.dE_dO2, column([-1, 3 / 2, 1 / 2]), { ...tol, what: "∂E/∂O2" });
  expectClose(g.dO2_dI2, column([1 / 4, 3 / 16, 3 / 16]), { ...tol, what: "∂O2/∂I2" });
  expectClose(g.dE_dI2, column([-1 / 4, 9 / 32, 3 / 32]), { ...tol, what: "∂E/∂I2" });
  expectClose(g.dI2_dW2, column([1 / 2, 3 / 4]), { ...tol, what: "∂I2/∂W2" });
  expectClose(
    g.dE_dW2,
    fromRows([
      [-1 / 8, 9 / 64, 3 / 64],
      [-3 / 16, 27 / 128, 9 / 128],
    ]),
    { ...tol, what: "∂E/∂W2" },
  );
  expectClose(g.dE_dB2, column([-1 / 4, 9 / 32, 3 / 32]), { ...tol, what: "∂E/∂B2" });
  expectClose(g.dI2_dO1, p.W2, { ...tol, what: "∂I2/∂O1" });
  expectClose(g.dO1_dI1, column([1 / 4, 3 / 16]), { ...tol, what: "∂O1/∂I1" });
  expectClose(g.alpha, column([1 / 16, -3 / 64]), { ...tol, what: "α" });
  expectClose(g.dI1_dW1, column([1, 0, 0]), { ...tol, what: "∂I1/∂W1" });
  expectClose(
    g.dE_dW1,
    fromRows([
      [1 / 16, -3 / 64],
      [0, 0],
      [0, 0],
    ]),
    { ...tol, what: "∂E/∂W1" },
  );
  expectClose(g.dE_dB1, column([1 / 16, -3 / 64]), { ...tol, what: "∂E/∂B1" });
});
