import { type Matrix, column, matmul, shape, transpose } from "../linalg/matrix";
import { type Params, paramSizes } from "../model/params";
import { backpropSample } from "../model/backward";
import { constant, type Tensor } from "../autograd/tensor";
import { backward, topologicalOrder } from "../autograd/backward";
import { autoencoderForward, paramTensors } from "../autograd/autoencoder";
import { formatNumber } from "../format/number";
import { maxAbsDiff } from "./factors";

/*
 * The autograd engine's backward pass for one sample, read as the hand derivation. The engine records each op
 * with its backward; walking the tape in reverse and handing each op its output's gradient gives one
 * gradient per input: these are the lines of the derivation, in the order the chain rule visits them. Each
 * line is written in the derivation's names and shapes (columns, where the engine keeps samples as rows) and
 * set beside the value notebook 01 computes for the same quantity from backward.ts.
 */

/** One step of the tape: which gradient it produces, as an equation, and the same quantity in the derivation. */
export interface TapeLine {
  /** The engine's op and its output's name, e.g. "sigmoid → O2". */
  op: string;
  /** The gradient produced, in the derivation's notation: "∂E/∂I2 = 2(x̂ − x) ⊙ σ′(I2)". */
  equation: string;
  /** Its shape as the derivation writes it (columns for vectors). */
  shape: string;
  value: Matrix;
  /** How notebook 01 computes the same quantity from backward.ts's factors, and its value. */
  derivation: string;
  derivationValue: Matrix | null;
  /** max |tape − derivation|: 0 means bit for bit; null when the derivation has no such quantity. */
  difference: number | null;
}

type Hand = ReturnType<typeof backpropSample>;

/**
 * The derivation's name for the gradient an op hands to its input k, keyed "op output name/k", with the
 * derivation's own value. An op of the engine not listed here is still shown, under the engine's names.
 */
const LINES: Record<string, { equation: string; derivation: string; value: ((g: Hand) => Matrix) | null }> = {
  "E/0": { equation: "∂E/∂(x̂ − x)² = 𝟙", derivation: "", value: null },
  "(x̂ − x)²/0": { equation: "∂E/∂(x̂ − x) = 2(x̂ − x) ⊙ 𝟙", derivation: "", value: null },
  "x̂ − x/0": { equation: "∂E/∂O2 = ∂E/∂(x̂ − x) = 2(x̂ − x)", derivation: "dE_dO2", value: (g) => g.dE_dO2 },
  "O2/0": {
    equation: "∂E/∂I2 = 2(x̂ − x) ⊙ σ′(I2)",
    derivation: "dE_dI2 = dE_dO2 ⊙ dO2_dI2",
    value: (g) => g.dE_dI2,
  },
  "I2/0": { equation: "∂E/∂(W2ᵀO1) = ∂E/∂I2", derivation: "dE_dI2", value: (g) => g.dE_dI2 },
  "I2/1": { equation: "∂E/∂B2 = ∂E/∂I2", derivation: "dE_dB2", value: (g) => g.dE_dB2 },
  "O1·W2/0": {
    equation: "∂E/∂O1 = W2 ∂E/∂I2",
    derivation: "dI2_dO1 · dE_dI2",
    value: (g) => matmul(g.dI2_dO1, g.dE_dI2),
  },
  "O1·W2/1": { equation: "∂E/∂W2 = O1 (∂E/∂I2)ᵀ", derivation: "dE_dW2", value: (g) => g.dE_dW2 },
  "O1/0": {
    equation: "∂E/∂I1 = ∂E/∂O1 ⊙ σ′(I1) = α",
    derivation: "alpha = (dI2_dO1 · dE_dI2) ⊙ dO1_dI1",
    value: (g) => g.alpha,
  },
  "I1/0": { equation: "∂E/∂(W1ᵀx) = α", derivation: "alpha", value: (g) => g.alpha },
  "I1/1": { equation: "∂E/∂B1 = α", derivation: "dE_dB1", value: (g) => g.dE_dB1 },
  "x·W1/1": { equation: "∂E/∂W1 = x αᵀ", derivation: "dE_dW1", value: (g) => g.dE_dW1 },
};

/** The engine's tensors hold a sample as a row; the derivation's vectors are columns. Weight matrices agree. */
function asDerivation(m: Matrix, input: Tensor): Matrix {
  return input.name === "W1" || input.name === "W2" ? m : m.rows === 1 ? column(m.data) : transpose(m);
}

/** The tape of one sample's backward pass, one line per gradient an op hands to an input, from E down to W1. */
export function tapeLines(p: Params, x: ArrayLike<number>): TapeLine[] {
  const { n } = paramSizes(p);
  if (x.length !== n) throw new Error(`tapeLines: the sample has ${x.length} values, the network ${n} inputs`);
  const graph = autoencoderForward(paramTensors(p), constant(1, n, Float64Array.from(x), "x"));
  backward(graph.E);
  const hand = backpropSample(p, x);
  const lines: TapeLine[] = [];
  const order = topologicalOrder(graph.E);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    t.parents.forEach((input, k) => {
      if (!input.requiresGrad) return;
      // The op's own backward, called as backward() calls it: the value this step of the tape produces.
      const value = asDerivation(t.backwardFn!(t.grad!, k), input);
      const known = LINES[`${t.name}/${k}`];
      const derivationValue = known?.value ? known.value(hand) : null;
      lines.push({
        op: `${t.op} → ${t.name || "(unnamed)"}`,
        equation: known?.equation ?? `∂E/∂${input.name || "(input " + (k + 1) + ")"}`,
        shape: shape(value),
        value,
        derivation: known?.derivation ?? "",
        derivationValue,
        difference: derivationValue ? maxAbsDiff(value, derivationValue) : null,
      });
    });
  }
  return lines;
}

/** A small matrix inline: columns as [a; b; c], matrices row by row. */
export function inlineMatrix(m: Matrix, digits = 4): string {
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++)
    rows.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (v) => formatNumber(v, digits)).join(", "));
  return `[${rows.join("; ")}]`;
}

/** The tape as rows for a table: equation, shape, value, and the derivation's value with how far apart they are. */
export function tapeRows(lines: readonly TapeLine[]): Record<string, string>[] {
  return lines.map((l) => ({
    "engine op": l.op,
    "gradient it produces": l.equation,
    shape: l.shape,
    value: inlineMatrix(l.value),
    "notebook 01 (backward.ts)": l.derivation || "–",
    "same numbers?":
      l.difference === null ? "–" : l.difference === 0 ? "bit for bit" : `differ by ${formatNumber(l.difference, 2)}`,
  }));
}

/** The tape as text, one line per step: `∂E/∂I2 = 2(x̂ − x) ⊙ σ′(I2)  [3×1]  = [...]`. */
export function tapeText(lines: readonly TapeLine[]): string {
  const w = Math.max(...lines.map((l) => [...l.equation].length));
  return lines
    .map((l) => `${l.equation}${" ".repeat(w - [...l.equation].length)}  [${l.shape}]  = ${inlineMatrix(l.value)}`)
    .join("\n");
}
