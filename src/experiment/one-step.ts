import { type Matrix } from "../linalg/matrix";
import { type Params } from "../model/params";
import { type GradientMethod } from "../train/method";

/*
 * The check that two methods compute the same update, made where nothing can amplify a difference: a single
 * step from the same weights on one sample. Over whole runs, rounding can grow until paired runs are as far
 * apart as two seeds (the learning-rate experiment), so no tolerance on the curves can tell a real difference
 * from amplified rounding. On one update it can: methods that compute the same gradient agree to a few
 * float64 rounding steps of the update, about 1e-15 of it, while a real difference (another loss, another
 * learning rate) shows at full size.
 */

/** Methods whose single updates differ by more than this fraction of the update do not compute the same thing. */
export const ONE_STEP_LIMIT = 1e-12;

/** How many training rows the check steps from (each from the same initial weights). */
export const ONE_STEP_SAMPLES = 10;

/**
 * The largest |w_a − w_b| over all weights after one step of each method from `init` on one sample, as a
 * fraction of the largest change that step makes to a weight; the worst over the first `samples` rows of X.
 * The step uses η = 1, so the change is the gradient itself and is far above the weights' own rounding.
 */
export function oneStepDifference(a: GradientMethod, b: GradientMethod, init: Params, X: Matrix, samples = 10): number {
  const flat = (p: Params): number[] => [...p.W1.data, ...p.B1.data, ...p.W2.data, ...p.B2.data];
  const w0 = flat(init);
  let worst = 0;
  for (let r = 0; r < Math.min(samples, X.rows); r++) {
    const order = new Uint32Array([r]);
    const after = [a, b].map((m) => {
      const s = m.start(init, X);
      s.step(order, 0, 1, 1);
      const w = flat(s.params());
      s.dispose();
      return w;
    });
    const change = Math.max(...after[0].map((w, i) => Math.abs(w - w0[i])));
    const diff = Math.max(...after[0].map((w, i) => Math.abs(w - after[1][i])));
    if (diff > 0) worst = Math.max(worst, change > 0 ? diff / change : Infinity);
  }
  return worst;
}
