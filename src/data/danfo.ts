/**
 * danfojs-node, imported once for the whole library and the notebooks.
 *
 * TensorFlow.js prints a "Hi, looks like you are running TensorFlow.js in Node.js…" banner to stderr
 * on the first tensor write (a danfojs DataFrame or scaler makes one). Production mode silences it,
 * and it has to be switched on before any tensor exists, so it happens here at import time.
 * Side effect: TensorFlow.js's other console warnings are silenced too.
 *
 * Importing this module costs about 0.6 s (TensorFlow.js), so code that only needs numbers, such as the
 * CLI, reads CSV files through csv-matrix.ts and never imports it.
 */
import * as dfd from "danfojs-node";

dfd.tensorflow.enableProdMode();

export { dfd };
