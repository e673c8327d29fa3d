/**
 * Loaded on the first call: importing danfojs-node costs about 0.6 s (TensorFlow.js), which the CLI and a
 * notebook that never builds a DataFrame do not pay. Production mode, on before any tensor exists, silences
 * the "Hi, looks like you are running TensorFlow.js in Node.js…" banner that TensorFlow.js prints to stderr
 * on the first tensor write (a DataFrame or a scaler makes one), and its other console warnings.
 */
export function danfo(): typeof import("danfojs-node") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  dfd.tensorflow.enableProdMode();
  return dfd;
}
