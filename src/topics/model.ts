/** The network: matrices, random streams, parameters, forward and backward passes, fused step, autograd, graphs. */
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
