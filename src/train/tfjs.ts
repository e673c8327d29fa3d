import { type Matrix } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import type { tf as TF } from "../tfjs/tf";
import { loadTfjs } from "../tfjs/load";
import { type GradientMethod, type Stepper } from "./method";

/**
 * Training with TensorFlow.js gradients (tf.variableGrads), as an independent referee for backprop and the
 * engine: same initial weights (rounded to float32), same rows in the same order (the trainer's `order`),
 * same batch-mean update. See tfjs/autoencoder.ts for the tolerance float32 implies. TensorFlow.js is
 * loaded by the first start(), not when this file is imported.
 */
export const tfjsMethod: GradientMethod = {
  name: "tfjs",
  start(init: Params, train: Matrix): Stepper {
    const { tf, tfLoss, toTfParams } = loadTfjs();
    const { n, h } = paramSizes(init);
    const start = toTfParams(init);
    const vars = {
      W1: tf.variable(start.W1),
      B1: tf.variable(start.B1),
      W2: tf.variable(start.W2),
      B2: tf.variable(start.B2),
    };
    tf.dispose([start.W1, start.B1, start.W2, start.B2]); // tf.variable copies its initial value
    const list = [vars.W1, vars.B1, vars.W2, vars.B2];
    const xs = Float32Array.from(train.data);
    return {
      step(order, from, to, lr) {
        // The batch's rows, gathered here rather than with tf.gather: one tensor per step instead of two.
        const rows = new Float32Array((to - from) * n);
        for (let r = from; r < to; r++) rows.set(xs.subarray(order[r] * n, order[r] * n + n), (r - from) * n);
        tf.tidy(() => {
          const X = tf.tensor2d(rows, [to - from, n]);
          const { grads } = tf.variableGrads(() => tfLoss(vars, X), list);
          const eta = tf.scalar(lr);
          for (const v of list) v.assign(tf.sub(v, tf.mul(grads[v.name], eta)));
        });
      },
      params(): Params {
        const read = (t: TF.Variable, rows: number, cols: number): Matrix => ({
          rows,
          cols,
          data: Float64Array.from(t.dataSync()),
        });
        return { W1: read(vars.W1, n, h), B1: read(vars.B1, h, 1), W2: read(vars.W2, h, n), B2: read(vars.B2, n, 1) };
      },
      dispose() {
        tf.dispose(list);
      },
    };
  },
};
