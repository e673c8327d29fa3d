/** The TensorFlow.js referee: its gradients of the same loss. Loaded through loadTfjs() (load.ts), on demand. */
export * from "./tf";
export * from "./autoencoder";
