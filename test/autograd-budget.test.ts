import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/*
 * The autograd engine stays small enough to read in one sitting, as tinygrad's CI keeps its core under a
 * line budget: src/autograd/ (tensors, ops, backward, the autoencoder on it) may hold at most BUDGET lines
 * of code. Comments and blank lines do not count, so explaining the code is free.
 */
const BUDGET = 200;

/** Lines on which at least one token starts, from TypeScript's own parse (so comments never count). */
function codeLines(source: string): number {
  const file = ts.createSourceFile("file.ts", source, ts.ScriptTarget.Latest, true);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(file);
    if (children.length === 0 && node.kind !== ts.SyntaxKind.EndOfFileToken) {
      lines.add(file.getLineAndCharacterOfPosition(node.getStart(file)).line);
    }
    children.forEach(visit);
  };
  visit(file);
  return lines.size;
}

test("the line counter counts code, not comments or blank lines", () => {
  const source =
    "/** A doc comment\n * over lines. */\nconst a = 1; // trailing\n\n/* block */\nfunction f() {\n  return `x${a}y`;\n}\n";
  assert.equal(codeLines(source), 4);
});

test(`src/autograd/ stays within its budget of ${BUDGET} lines of code`, () => {
  const dir = path.join(__dirname, "..", "src", "autograd");
  const counts = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ file: f, lines: codeLines(readFileSync(path.join(dir, f), "utf8")) }));
  const total = counts.reduce((s, c) => s + c.lines, 0);
  const detail = counts.map((c) => `${c.file} ${c.lines}`).join(", ");
  assert.ok(total <= BUDGET, `src/autograd/ has ${total} lines of code (${detail}); the budget is ${BUDGET}`);
});
