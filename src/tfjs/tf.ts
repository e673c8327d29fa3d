/**
 * The one place TensorFlow.js is imported. Production mode is switched on before any tensor exists:
 * it skips TF.js's debug checks and keeps it from printing its "install the node backend" banner.
 * Other folders reach it only through loadTfjs() (load.ts), so programs that never ask for TF.js never
 * load it.
 */
import * as tf from "@tensorflow/tfjs";

tf.enableProdMode();

export { tf };
