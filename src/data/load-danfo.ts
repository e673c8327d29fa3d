/**
 * danfojs-node (with TensorFlow.js's production mode on, see danfo.ts), loaded on the first call.
 * Importing it costs about 0.6 s, so the library's entry point hands it out through this function
 * instead of importing it: a notebook that never builds a DataFrame does not pay for it.
 */
export function danfo(): typeof import("./danfo").dfd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("./danfo") as typeof import("./danfo")).dfd;
}
