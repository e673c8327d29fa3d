/**
 * The network: matrices, the seeded generator, parameters, the forward pass, the backward pass one factor
 * a line, its batch and fused forms, the autograd engine, the pictures of the graph.
 */
export * from "../linalg/matrix";
export * from "../random/prng";
export * from "../model/params";
export * from "../model/sigmoid";
export * from "../model/forward";
export { backpropSample, type BackwardPass } from "../model/backward";
export * from "../model/gradients";
export * from "../model/update";
export * from "../model/batch-gradients";
export { FusedBackprop, fusedMeanError } from "../model/fused";
export * from "../model/slips";
export * as autograd from "../autograd/index";
export { autogradGradients } from "../autograd/index";
export * from "../graph/architecture";
export * from "../graph/dot";
export * from "../graph/render";
