import { type Matrix } from "../src/linalg/matrix";
import { type Params } from "../src/model/params";

/**
 * The reference for the bench: one epoch of per-sample SGD on a 3-2-3 network written out by hand,
 * every weight in a local variable, no loops over sizes, no calls but Math.exp. It is what the
 * library's generic loops are measured against; it is not used for training anywhere.
 */
export function unrolledEpoch(p: Params, X: Matrix, lr: number): void {
  const w1 = p.W1.data;
  const b1 = p.B1.data;
  const w2 = p.W2.data;
  const b2 = p.B2.data;
  let a11 = w1[0], a12 = w1[1], a21 = w1[2], a22 = w1[3], a31 = w1[4], a32 = w1[5]; // prettier-ignore
  let c1 = b1[0], c2 = b1[1]; // prettier-ignore
  let v11 = w2[0], v12 = w2[1], v13 = w2[2], v21 = w2[3], v22 = w2[4], v23 = w2[5]; // prettier-ignore
  let d1 = b2[0], d2 = b2[1], d3 = b2[2]; // prettier-ignore
  const xs = X.data;
  for (let r = 0; r < X.rows; r++) {
    const x1 = xs[3 * r], x2 = xs[3 * r + 1], x3 = xs[3 * r + 2]; // prettier-ignore
    const h1 = 1 / (1 + Math.exp(-(a11 * x1 + a21 * x2 + a31 * x3 + c1)));
    const h2 = 1 / (1 + Math.exp(-(a12 * x1 + a22 * x2 + a32 * x3 + c2)));
    const y1 = 1 / (1 + Math.exp(-(v11 * h1 + v21 * h2 + d1)));
    const y2 = 1 / (1 + Math.exp(-(v12 * h1 + v22 * h2 + d2)));
    const y3 = 1 / (1 + Math.exp(-(v13 * h1 + v23 * h2 + d3)));
    const e1 = 2 * (y1 - x1) * y1 * (1 - y1);
    const e2 = 2 * (y2 - x2) * y2 * (1 - y2);
    const e3 = 2 * (y3 - x3) * y3 * (1 - y3);
    const g1 = (v11 * e1 + v12 * e2 + v13 * e3) * h1 * (1 - h1);
    const g2 = (v21 * e1 + v22 * e2 + v23 * e3) * h2 * (1 - h2);
    v11 -= lr * h1 * e1;
    v12 -= lr * h1 * e2;
    v13 -= lr * h1 * e3; // prettier-ignore
    v21 -= lr * h2 * e1;
    v22 -= lr * h2 * e2;
    v23 -= lr * h2 * e3; // prettier-ignore
    d1 -= lr * e1;
    d2 -= lr * e2;
    d3 -= lr * e3; // prettier-ignore
    a11 -= lr * x1 * g1;
    a12 -= lr * x1 * g2;
    a21 -= lr * x2 * g1; // prettier-ignore
    a22 -= lr * x2 * g2;
    a31 -= lr * x3 * g1;
    a32 -= lr * x3 * g2; // prettier-ignore
    c1 -= lr * g1;
    c2 -= lr * g2; // prettier-ignore
  }
  w1.set([a11, a12, a21, a22, a31, a32]);
  b1.set([c1, c2]);
  w2.set([v11, v12, v13, v21, v22, v23]);
  b2.set([d1, d2, d3]);
}
