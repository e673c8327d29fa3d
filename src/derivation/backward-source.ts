import { readFileSync } from "node:fs";
import path from "node:path";
import { type FactorName } from "./factors";

/*
 * Notebook 01 prints, under each equation, the line of src/model/backward.ts that computes the factor. The
 * line is read from the TypeScript source when the notebook runs, not copied into the notebook or into
 * this file, so what the reader sees is the code that runs and cannot drift from it. The notebooks run the
 * compiled library (dist/derivation/), which sits as deep below the package root as src/derivation/ does:
 * the same relative path finds the source from both.
 */
const BACKWARD_TS = path.resolve(__dirname, "..", "..", "src", "model", "backward.ts");

/** The statement `const <factor> = …;` of a source text (it may span several lines), or null if there is none. */
export function factorStatement(source: string, factor: FactorName): string | null {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith(`const ${factor} =`));
  if (start < 0) return null;
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    out.push(lines[i]);
    if (lines[i].trimEnd().endsWith(";")) break;
  }
  const indent = Math.min(...out.map((l) => l.length - l.trimStart().length));
  return out.map((l) => l.slice(indent)).join("\n");
}

let cached: string | null = null;

/** The line of src/model/backward.ts that computes `factor`, as written there. */
export function backwardLine(factor: FactorName): string {
  if (cached === null) {
    try {
      cached = readFileSync(BACKWARD_TS, "utf8");
    } catch {
      throw new Error(
        `backwardLine: cannot read ${BACKWARD_TS}; the derivation's lines are shown from a source checkout`,
      );
    }
  }
  const line = factorStatement(cached, factor);
  if (line === null) throw new Error(`backwardLine: src/model/backward.ts has no line "const ${factor} = …;"`);
  return line;
}
