/**
 * The autograd engine (tensors that record their ops, reverse-mode differentiation over them) and the
 * autoencoder built on it. The library exports this module as the namespace `autograd`, because its op
 * names (matmul, add, sigmoid, backward …) would otherwise clash with the Matrix helpers and the hand
 * derivation.
 */
export * from "./tensor";
export * from "./nograd";
export * from "./backward";
export * from "./ops/matmul";
export * from "./ops/elementwise";
export * from "./ops/activations";
export * from "./ops/reductions";
export * from "./ops/composite";
export * from "./autoencoder";
export * from "./method";
