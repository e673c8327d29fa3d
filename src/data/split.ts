import { Rng, streamSeed } from "../random/prng";

/** Row indices of a train/test split, each list in ascending (file) order. */
export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * round(count · testFraction) rows go to the test set, but at least one on each side. Drawn with the seed's
 * "split" stream, so the split never changes when initialisation or shuffling draw more or fewer numbers.
 */
export function splitRows(count: number, testFraction: number, seed: number): Split {
  if (!Number.isInteger(count) || count < 2) throw new Error(`splitRows: need at least 2 rows, got ${count}`);
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`splitRows: the test fraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  const nTest = Math.min(count - 1, Math.max(1, Math.round(count * testFraction)));
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  new Rng(streamSeed(seed, "split")).shuffle(order);
  // Views sorted in place: no second copy of the indices, which matters at millions of rows.
  const test = order.subarray(0, nTest).sort();
  const train = order.subarray(nTest).sort();
  return { train, test };
}
