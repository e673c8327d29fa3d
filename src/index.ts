/** backprop-lab: every topic at once (notebooks import from the topic they use, src/topics/). */
export * from "./topics/model";
export * from "./topics/derivation";
export * from "./topics/training";
export * from "./topics/data";
export * from "./topics/experiments";
export * from "./topics/baselines";
export * from "./topics/plots";
export * from "./topics/notebook";
