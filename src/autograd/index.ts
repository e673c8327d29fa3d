/**
 * The autograd engine (tensors that record their ops, reverse-mode differentiation over them) and the
 * autoencoder built on it. The library exports this module as the namespace `autograd`, because its op
 * names (matmul, add, sigmoid, backward …) would otherwise clash with the Matrix helpers.
 */
export * from "./tensor";
export * from "./ops";
export * from "./backward";
export * from "./autoencoder";
