import { type GradientMethod } from "./method";
import { backpropMethod } from "./backprop";
import { autogradMethod } from "../autograd/method";

/**
 * The training methods the CLI's --method flag and the notebooks can name. Each entry is a factory, so a
 * method with heavy dependencies (TensorFlow.js) is loaded only when asked for.
 */
const METHODS: Record<string, () => GradientMethod> = {
  backprop: () => backpropMethod,
  autograd: () => autogradMethod,
  // Loading TensorFlow.js takes a moment and registers its backend, so it is required here, on demand.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tfjs: () => (require("../tfjs/method") as typeof import("../tfjs/method")).tfjsMethod,
};

export function methodNames(): string[] {
  return Object.keys(METHODS);
}

export function methodByName(name: string): GradientMethod {
  const make = METHODS[name];
  if (!make) throw new Error(`unknown method "${name}" (choose one of: ${methodNames().join(", ")})`);
  return make();
}
