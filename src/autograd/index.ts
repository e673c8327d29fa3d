/**
 * The autograd engine, to be read in this order: tensor.ts (a matrix that records the op that made it),
 * ops.ts (each op's forward with its backward right below), backward.ts (the tape walk: topological sort,
 * one place where gradients are added and their shapes checked), autoencoder.ts (the network built from
 * those ops). The library exports this module as the namespace `autograd`, because its op names (matmul,
 * add, sigmoid, backward …) would otherwise clash with the Matrix helpers.
 */
export * from "./tensor";
export * from "./ops";
export * from "./backward";
export * from "./autoencoder";
