/**
 * danfojs-node, loaded on the first call: importing it costs about 0.6 s (TensorFlow.js), so the CLI and a
 * notebook that never builds a DataFrame do not pay for it.
 *
 * TensorFlow.js prints a "Hi, looks like you are running TensorFlow.js in Node.js…" banner to stderr on the
 * first tensor write (a DataFrame or a scaler makes one); production mode, switched on before any tensor
 * exists, silences it, and TensorFlow.js's other console warnings with it.
 */
export function danfo(): typeof import("danfojs-node") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  dfd.tensorflow.enableProdMode();
  return dfd;
}
