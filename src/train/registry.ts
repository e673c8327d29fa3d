import { type GradientMethod } from "./method";
import { backpropMethod } from "./backprop";

/**
 * The training methods the CLI's --method flag and the notebooks can name. Each entry is a factory, so a
 * method with heavy dependencies (TensorFlow.js) is loaded only when asked for.
 */
const METHODS: Record<string, () => GradientMethod> = {
  backprop: () => backpropMethod,
};

export function methodNames(): string[] {
  return Object.keys(METHODS);
}

export function methodByName(name: string): GradientMethod {
  const make = METHODS[name];
  if (!make) throw new Error(`unknown method "${name}" (choose one of: ${methodNames().join(", ")})`);
  return make();
}
