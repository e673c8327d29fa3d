import { type GradientMethod } from "./train/method";
import { backpropMethod } from "./train/backprop";
import { autogradMethod } from "./train/autograd";
import { tfjsMethod } from "./train/tfjs";

/**
 * The training methods the CLI's --method flag and the notebooks can name. It sits above train/, autograd/
 * and tfjs/ because it gathers all three; tfjsMethod loads TensorFlow.js only when a run starts.
 */
const METHODS: readonly GradientMethod[] = [backpropMethod, autogradMethod, tfjsMethod];

export function methodNames(): string[] {
  return METHODS.map((m) => m.name);
}

export function methodByName(name: string): GradientMethod {
  const method = METHODS.find((m) => m.name === name);
  if (!method) throw new Error(`unknown method "${name}" (choose one of: ${methodNames().join(", ")})`);
  return method;
}
