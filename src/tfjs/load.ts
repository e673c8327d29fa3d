/**
 * The TF.js module on demand: `const { tfjsGradients, FLOAT32_TOLERANCE } = loadTfjs();`. The library's
 * public API exports this loader instead of the module itself, so importing the library does not load
 * TensorFlow.js; the first call does.
 */
export function loadTfjs(): typeof import("./index") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./index") as typeof import("./index");
}
