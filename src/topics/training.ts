/** Training: the gradient methods, the trainer and its history, seeded runs and their summaries. */
export * from "../train/method";
export * from "../train/backprop";
export * from "../train/autograd";
export * from "../train/tfjs";
export * from "../tfjs/load";
export * from "../train/slipped";
export * from "../method-registry";
export * from "../train/trainer";
export * from "../experiment/runs";
export * from "../experiment/stats";
