/**
 * The one way TensorFlow.js gets loaded: `const { tfjsGradients, FLOAT32_TOLERANCE } = loadTfjs();`.
 * Nothing imports src/tfjs/ eagerly (other files import only its types), so importing the library or
 * training without TF.js never loads it; the first call here does.
 */
export function loadTfjs(): typeof import("./index") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./index") as typeof import("./index");
}
