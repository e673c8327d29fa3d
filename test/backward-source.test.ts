import { test } from "node:test";
import assert from "node:assert/strict";
import { backwardLine, factorStatement } from "../src/derivation/backward-source";
import { FACTORS } from "../src/derivation/factors";

test("every factor has its line in backward.ts, read from the source as it is now", () => {
  for (const f of FACTORS) assert.match(backwardLine(f), new RegExp(`^const ${f} = .*;$`, "s"), f);
  assert.equal(backwardLine("dE_dO2"), "const dE_dO2 = scale(sub(O2, xv), 2);");
  assert.equal(backwardLine("dE_dB1"), "const dE_dB1 = alpha;");
});

test("a statement over several lines is read whole, and dedented", () => {
  const src = "function f() {\n  const a = 1;\n  const dE_dW1 = matmul(\n    x,\n    alphaT,\n  );\n}\n";
  assert.equal(factorStatement(src, "dE_dW1"), "const dE_dW1 = matmul(\n  x,\n  alphaT,\n);");
  assert.equal(factorStatement(src, "alpha"), null);
});
