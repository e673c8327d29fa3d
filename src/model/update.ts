import { sub, scale } from "../linalg/matrix";
import { type Params } from "./params";
import { type Gradients } from "./gradients";

/** The update rule W ← W − η ∂E/∂W for W1, B1, W2 and B2, as new matrices (p is not changed). */
export function sgdUpdate(p: Params, g: Gradients, lr: number): Params {
  return {
    W1: sub(p.W1, scale(g.dE_dW1, lr)),
    B1: sub(p.B1, scale(g.dE_dB1, lr)),
    W2: sub(p.W2, scale(g.dE_dW2, lr)),
    B2: sub(p.B2, scale(g.dE_dB2, lr)),
  };
}
