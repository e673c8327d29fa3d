import { type Matrix } from "../linalg/matrix";
import { fusedMeanError } from "../model/fused";
import { type Params } from "../model/params";
import { type GradientMethod } from "../train/method";
import { type TrainOptions, type TrainResult, train } from "../train/trainer";

/*
 * The error most training loops print: the running mean of the per-sample losses met during the epoch, each
 * computed just before its own update, with the weights still moving. The assignment's epoch error is the mean
 * over the set with the weights at the END of the epoch. While the error falls, the running mean lags behind it
 * (it averages over weights from earlier in the epoch), so a curve logged that way sits above the true one;
 * the test error is evaluated after the epoch either way.
 */

/** Trains like `train`, but each epoch's training error is the running mean of the losses seen during that epoch. */
export function trainLoggingRunningMean(
  method: GradientMethod,
  init: Params,
  trainX: Matrix,
  testX: Matrix | null,
  options: TrainOptions,
): TrainResult {
  const sums = new Float64Array(options.epochs + 1);
  let seen = 0; // samples stepped on so far
  const logging: GradientMethod = {
    name: method.name,
    start(p0, X) {
      const inner = method.start(p0, X);
      return {
        step(order, start, end, lr) {
          const w = inner.params();
          for (let r = start; r < end; r++) {
            const row = { rows: 1, cols: X.cols, data: X.data.subarray(order[r] * X.cols, (order[r] + 1) * X.cols) };
            sums[1 + Math.floor(seen / X.rows)] += fusedMeanError(w, row);
            seen++;
          }
          inner.step(order, start, end, lr);
        },
        params: () => inner.params(),
        dispose: () => inner.dispose(),
      };
    },
  };
  const run = train(logging, init, trainX, testX, options);
  // Epoch 0 has no updates, so nothing to average: it keeps the error of the initial weights.
  const history = run.history.map((r) => (r.epoch === 0 ? r : { ...r, trainError: sums[r.epoch] / trainX.rows }));
  return { ...run, method: `${method.name}, running-mean log`, history };
}
