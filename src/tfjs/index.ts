/** The TensorFlow.js referee: its gradients of the same loss, and a training method built on them. */
export * from "./tf";
export * from "./autoencoder";
export * from "./method";
