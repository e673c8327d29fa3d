import { type Matrix } from "../linalg/matrix";

/**
 * How well a code separates labelled groups it never saw: each group's centroid is the mean code of its
 * training rows, and a test row counts as right when its nearest centroid (Euclidean) is its own group's.
 * Returns the fraction of test rows classified right.
 */
export function nearestCentroidAccuracy(
  trainCodes: Matrix,
  trainLabels: readonly string[],
  testCodes: Matrix,
  testLabels: readonly string[],
): number {
  const d = trainCodes.cols;
  if (testCodes.cols !== d) throw new Error(`nearestCentroidAccuracy: codes of ${d} and ${testCodes.cols} numbers`);
  if (trainLabels.length !== trainCodes.rows || testLabels.length !== testCodes.rows)
    throw new Error("nearestCentroidAccuracy: one label per row is needed");
  if (testCodes.rows === 0) throw new Error("nearestCentroidAccuracy: no test rows");
  const centroids = new Map<string, { sum: number[]; count: number }>();
  trainLabels.forEach((label, r) => {
    const c = centroids.get(label) ?? { sum: new Array<number>(d).fill(0), count: 0 };
    for (let k = 0; k < d; k++) c.sum[k] += trainCodes.data[r * d + k];
    c.count += 1;
    centroids.set(label, c);
  });
  let right = 0;
  testLabels.forEach((label, r) => {
    let best = "";
    let bestDistance = Infinity;
    for (const [name, c] of centroids) {
      let dist = 0;
      for (let k = 0; k < d; k++) dist += (testCodes.data[r * d + k] - c.sum[k] / c.count) ** 2;
      if (dist < bestDistance) {
        bestDistance = dist;
        best = name;
      }
    }
    if (best === label) right += 1;
  });
  return right / testCodes.rows;
}
