/** backprop-lab: the public API that the notebooks import with `from ".."`. */
export * from "./linalg/matrix";
export * from "./random/prng";
export * from "./model/params";
export * from "./model/sigmoid";
export * from "./model/forward";
export * from "./model/backward";
export * from "./model/fused";
export * from "./train/method";
export * from "./train/backprop";
export * from "./train/trainer";
export * from "./train/registry";
export * from "./experiment/runs";
export * from "./experiment/stats";
export * from "./experiment/claims";
export * from "./experiment/factors";
