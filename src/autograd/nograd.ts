/**
 * Grad mode: while it is off, ops compute values but record nothing (no parents, no backward), so
 * evaluating a network costs no graph. Like PyTorch's `torch.no_grad()`.
 */
let enabled = true;

/** Whether ops record the graph right now. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` with recording switched off, and restores the previous mode even if `fn` throws. */
export function noGrad<T>(fn: () => T): T {
  const previous = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
